# Plain hashes for Inertia props; ids are always obfuscated.
module TaskSerializer
  def self.full(task)
    { id: task.obfuscated_id, title: task.title, position: task.position, done: task.done }
  end
end
