require "test_helper"

# The spec's own channel tests (section 7.1), with the admin column as the demo
# names it (`site_admin`), plus the nested collection and a hostile identifier.
class SyncChannelTest < ActionCable::Channel::TestCase
  setup do
    @user = users(:one)
    @account = @user.accounts.first
  end

  test "subscribes to owned account" do
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "Account:#{@account.obfuscated_id}"
    assert_has_stream "Account:#{@account.obfuscated_id}"
  end

  test "rejects subscription to unowned account" do
    other_account = accounts(:two)
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "Account:#{other_account.obfuscated_id}"
    assert_no_streams
    assert_equal "error", transmissions.last["type"]
  end

  test "admin can subscribe to all" do
    @user.update!(site_admin: true)
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "Account:all"
    assert_has_stream "Account:all"
  end

  test "a member can follow the account's member list" do
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "Account:#{@account.obfuscated_id}/account_users"
    assert_has_stream "Account:#{@account.obfuscated_id}/account_users"
    assert_equal "subscribed", transmissions.last["type"]
  end

  test "a user follows only their own memberships" do
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "User:#{users(:two).obfuscated_id}/account_users"
    assert_no_streams
    perform :subscribe_to, identifier: "User:#{@user.obfuscated_id}/account_users"
    assert_has_stream "User:#{@user.obfuscated_id}/account_users"
  end

  test "a class name that is not a synced model is refused without loading it" do
    stub_connection current_user: @user
    subscribe

    perform :subscribe_to, identifier: "Session:all"
    assert_no_streams
    assert_equal "unknown_model", transmissions.last["code"]
  end
end
