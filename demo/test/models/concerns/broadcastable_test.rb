require "test_helper"

# The spec's own model tests (section 7.1). Changed only where the spec encodes
# its defect: it asserted on a shared "sync" stream, which no client listens to;
# each marker goes to the stream named by its identifier. The payload carries
# more than the identifier (action, timestamp, version), so the assertions look
# at the identifier of the captured markers.
class BroadcastableTest < ActiveSupport::TestCase
  include ActionCable::TestHelper

  test "broadcasts create" do
    markers = capture_broadcasts("Account:all") { Account.create!(name: "Test Account") }
    assert_equal [ "Account:all" ], markers.map { |marker| marker["identifier"] }
    assert_equal "create", markers.first["action"]
  end

  test "broadcasts update" do
    account = accounts(:one)
    markers = capture_broadcasts("Account:#{account.obfuscated_id}") { account.update!(name: "Updated Name") }
    assert_equal [ "Account:#{account.obfuscated_id}" ], markers.map { |marker| marker["identifier"] }
  end

  test "broadcasts destroy" do
    account = accounts(:one)
    markers = capture_broadcasts("Account:#{account.obfuscated_id}") { account.destroy! }
    assert_equal [ "destroy" ], markers.map { |marker| marker["action"] }
  end

  test "a membership change marks the account's member list and the user's memberships" do
    account, user = accounts(:two), users(:one)
    assert_sync_broadcast "Account:#{account.obfuscated_id}/account_users", action: :create do
      assert_sync_broadcast "User:#{user.obfuscated_id}/account_users", action: :create do
        account.account_users.create!(user: user)
      end
    end
  end
end
