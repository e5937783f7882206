require "test_helper"

# Several real processes (fork) on one file store in a tmp dir, as Puma workers sharing a file cache
# would be. They are released at once by a barrier, so they start the sequence in the same instant and
# then hand out versions concurrently. The cache store itself is real: nothing is faked.
class VersionStoreCacheProcessesTest < ActiveSupport::TestCase
  PROCESSES = 4
  VERSIONS_EACH = 25
  ROUNDS = 3

  test "processes starting one file store's sequence at once hand out distinct, growing versions" do
    ROUNDS.times do |round|
      Dir.mktmpdir do |dir|
        handed_out = in_processes(dir) { |store| Array.new(VERSIONS_EACH) { store.next_version([ "Account:abcdef" ]) } }
        assert_versions_kept_order(dir, handed_out, round)
      end
    end
  end

  test "processes reading and advancing the floor while others hand out versions never see it above the sequence" do
    ROUNDS.times do |round|
      Dir.mktmpdir do |dir|
        handed_out = in_processes(dir) do |store, index|
          Array.new(VERSIONS_EACH) do |step|
            next store.advance_floor if (index + step) % 7 == 0

            version = store.next_version([ "Account:abcdef" ])
            floor = store.version_of("Account:never-changed")
            sequence = store.current
            raise "floor #{floor} read above the sequence #{sequence}" if floor > sequence

            version
          end
        end
        assert_versions_kept_order(dir, handed_out, round)
      end
    end
  end

  private
    # Forks PROCESSES children, each with its own store on +dir+; they wait on one pipe (the barrier)
    # and run the block once it closes. Returns each child's versions, in the order it got them.
    def in_processes(dir)
      barrier_reader, barrier_writer = IO.pipe
      children = Array.new(PROCESSES) do |index|
        results_reader, results_writer = IO.pipe.each(&:binmode)
        pid = fork do
          barrier_writer.close
          results_reader.close
          store = InertiaSync::VersionStore::Cache.new(ActiveSupport::Cache::FileStore.new(dir))
          barrier_reader.read
          results_writer.write(Marshal.dump(yield(store, index)))
        rescue Exception => error # rubocop:disable Lint/RescueException
          results_writer.write(Marshal.dump(error.message))
        ensure
          results_writer.close
          exit!(0)
        end
        results_writer.close
        [ pid, results_reader ]
      end
      barrier_reader.close
      barrier_writer.close

      results = children.map do |pid, reader|
        Marshal.load(reader.read).tap do
          reader.close
          Process.wait(pid)
        end
      end
      results.each { |result| flunk "a process failed: #{result}" if result.is_a?(String) }
      results
    end

    def assert_versions_kept_order(dir, handed_out, round)
      all = handed_out.flatten
      assert_equal all.size, all.uniq.size, "round #{round}: #{all.size - all.uniq.size} versions handed out twice"
      handed_out.each_with_index do |versions, index|
        assert versions.each_cons(2).all? { |a, b| b > a }, "round #{round}: process #{index}'s versions did not strictly increase: #{versions.inspect}"
      end

      store = InertiaSync::VersionStore::Cache.new(ActiveSupport::Cache::FileStore.new(dir))
      assert_operator store.current, :>=, all.max, "round #{round}: the sequence is below a version handed out"
      assert_operator store.version_of("Account:never-changed"), :<=, store.current, "round #{round}: the floor is above the sequence"
    end
end
