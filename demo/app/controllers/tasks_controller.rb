# An account's tasks: a list long enough to page through, shown the ways Inertia offers for long
# lists. Each page syncs the list on the same prop (`Account:<id>/tasks`).
class TasksController < FeaturesController
  PER_PAGE = 10

  # Infinite scroll: `InertiaRails.scroll` with `<InfiniteScroll>`.
  def index
    render inertia: "tasks/scroll", props: {
      account: -> { AccountSerializer.summary(@account) },
      tasks: InertiaRails.scroll(scroll_metadata) { page_of_tasks }
    }
  end

  # "Load more": `InertiaRails.merge` appends each `?page=N` to what the page shows.
  def more
    render inertia: "tasks/more", props: {
      account: -> { AccountSerializer.summary(@account) },
      tasks: InertiaRails.merge { page_of_tasks },
      next_page: -> { next_page }
    }
  end

  # Deep merge: one object whose `tasks` array grows with each page; with `?match=1` items are
  # matched on their id (`match_on`) instead of appended.
  def board
    board = -> { { tasks: page_of_tasks, page: current_page, next_page: next_page } }
    render inertia: "tasks/board", props: {
      account: -> { AccountSerializer.summary(@account) },
      matched: matched?,
      board: matched? ? InertiaRails.deep_merge(match_on: "tasks.id", &board) : InertiaRails.deep_merge(&board)
    }
  end

  # A form on the synced prop itself: the title input starts from `task.title`.
  def edit
    task = find_task
    return redirect_to(account_tasks_path(@account.obfuscated_id), alert: "That task no longer exists.") unless task

    render inertia: "tasks/edit", props: {
      account: -> { AccountSerializer.summary(@account) },
      task: -> { TaskSerializer.full(task) }
    }
  end

  def update
    task = find_task
    if task&.update(params.expect(task: [ :title ]))
      redirect_to edit_account_task_path(@account.obfuscated_id, task.obfuscated_id), notice: "Task saved."
    elsif task
      redirect_to edit_account_task_path(@account.obfuscated_id, task.obfuscated_id),
        inertia: { errors: task.errors.to_hash(true).transform_values(&:first) }
    else
      redirect_to account_tasks_path(@account.obfuscated_id), alert: "That task no longer exists."
    end
  end

  # Adds a task at `position` (default: after the last one), to show where the server puts it.
  def create
    position = params.dig(:task, :position).presence&.to_i || (@account.tasks.maximum(:position).to_i + 1)
    task = @account.tasks.new(title: params.dig(:task, :title).to_s, position: position)
    if task.save
      redirect_to account_tasks_path(@account.obfuscated_id), notice: "Task added."
    else
      redirect_to account_tasks_path(@account.obfuscated_id),
        inertia: { errors: task.errors.to_hash(true).transform_values(&:first) }
    end
  end

  def destroy
    find_task&.destroy
    redirect_to account_tasks_path(@account.obfuscated_id), notice: "Task removed."
  end

  private
    def matched?
      params[:match].present?
    end

    def find_task
      @account.tasks.find_by_obfuscated_id(params[:id].to_s)
    end

    def current_page
      [ params[:page].to_i, 1 ].max
    end

    def page_count
      [ (@account.tasks.count + PER_PAGE - 1) / PER_PAGE, 1 ].max
    end

    def next_page
      current_page < page_count ? current_page + 1 : nil
    end

    def page_of_tasks
      @account.tasks.order(:position, :id).offset((current_page - 1) * PER_PAGE).limit(PER_PAGE)
        .map { |task| TaskSerializer.full(task) }
    end

    def scroll_metadata
      { page_name: "page", current_page: current_page, next_page: next_page,
        previous_page: current_page > 1 ? current_page - 1 : nil }
    end
end
