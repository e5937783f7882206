require "test_helper"

class BroadcastJobTest < ActiveJob::TestCase
  self.use_transactional_tests = false

  setup do
    [ AccountUser, Account ].each(&:delete_all)
    @account = create_account("Acme")
    InertiaSync.config.broadcast_later = true
  end

  test "with broadcast_later, commits enqueue one job per transaction" do
    before = InertiaSync.version_store.current
    assert_enqueued_with(job: InertiaSync::BroadcastJob) do
      Account.transaction do
        @account.update!(name: "Later")
        @account.update!(name: "Later still")
      end
    end
    assert_equal 1, enqueued_jobs.count { |job| job["job_class"] == "InertiaSync::BroadcastJob" }
    assert_equal before, InertiaSync.version_store.current, "no version assigned before the job runs"

    ActionCable.server.pubsub.clear
    perform_enqueued_jobs

    marker = broadcasts_on(id_of(@account)).last
    assert_equal "update", marker["action"]
    assert_equal InertiaSync.version_store.version_of(id_of(@account)), marker["version"]
    assert_equal marker["version"], broadcasts_on("Account:all").last["version"]
  end

  test "rollback enqueues nothing" do
    assert_no_enqueued_jobs(only: InertiaSync::BroadcastJob) do
      Account.transaction do
        @account.update!(name: "Never")
        raise ActiveRecord::Rollback
      end
    end
  end

  test "the test helpers broadcast inline even with broadcast_later" do
    assert_sync_broadcast(id_of(@account), action: :update) { @account.update!(name: "Inline") }
    assert_no_enqueued_jobs(only: InertiaSync::BroadcastJob)
  end

  test "a job enqueued by an older version, with a tab id argument, still broadcasts, without the tab id" do
    InertiaSync::BroadcastJob.perform_now([ [ id_of(@account), "update" ] ], Time.now.to_i, "tab_3fK9x2LmQp")

    marker = broadcasts_on(id_of(@account)).last
    assert_equal %w[action identifier timestamp version], marker.keys.sort
  end
end
