require "test_helper"

# The default for apps: each test wrapped in a fixture transaction that never commits. Saves inside it
# still get their markers, as Active Record runs their after_commit callbacks.
class BroadcastableWithFixturesTest < ActiveSupport::TestCase
  test "markers are sent for saves inside the test transaction" do
    account = create_account

    assert_sync_broadcast(id_of(account), action: :update, count: 1) { account.update!(name: "Renamed") }
  end

  test "nested transactions and rollbacks behave as in production" do
    account = create_account

    assert_no_sync_broadcasts do
      Account.transaction do
        account.update!(name: "Never")
        raise ActiveRecord::Rollback
      end
    end

    markers = capture_sync_broadcasts do
      Account.transaction do
        3.times { |i| account.update!(name: "N#{i}") }
      end
    end
    assert_equal 1, markers.count { |m| m[:identifier] == id_of(account) }
  end

  test "sync_changed! outside any app transaction sends at once" do
    account = create_account

    assert_sync_broadcast(id_of(account), count: 1) { Account.sync_changed!(account) }
  end
end
