require "test_helper"

# What runs after every write of a Broadcastable model: the work that buys nothing is skipped (the
# benchmark measures the time; these check that the work itself is not done).
class CommitPathWorkTest < ActiveSupport::TestCase
  self.use_transactional_tests = false

  setup do
    [ AccountUser, Account ].each(&:delete_all)
    @account = Account.create!(name: "Acme")
  end

  test "a suppressed update does not walk the record's changes" do
    walks = count_calls(@account, :saved_changes?) do
      assert_no_sync_broadcasts { InertiaSync.suppressing { @account.update!(name: "Quiet") } }
    end

    assert_equal 0, walks
  end

  test "an update still marks only when it saved a change" do
    assert_sync_broadcast id_of(@account), count: 1 do
      @account.update!(name: "Renamed")
    end
    assert_no_sync_broadcasts { @account.update!(name: "Renamed") }
  end

  test "a commit reads the configuration once" do
    assert_equal 1, count_calls(InertiaSync, :config) { @account.update!(name: "Once") }
  end

  private
    # How many times +object+'s +method+ was called while the block ran (the method still runs).
    def count_calls(object, method)
      calls = 0
      counter = Module.new { define_method(method) { |*args, **options, &block| calls += 1; super(*args, **options, &block) } }
      object.singleton_class.prepend(counter)
      yield
      calls
    ensure
      counter.send(:remove_method, method)
    end
end
