require "test_helper"

class AccountMembersControllerTest < ActionDispatch::IntegrationTest
  setup do
    @account = accounts(:one)
    sign_in_as users(:one)
  end

  test "adds an existing user by email address" do
    assert_difference -> { @account.account_users.count }, 1 do
      post account_members_path(@account.obfuscated_id), params: { member: { email_address: " Two@Example.com " } }
    end
    assert_redirected_to accounts_path(account: @account.obfuscated_id)
  end

  test "an unknown email address adds nobody" do
    assert_no_difference -> { AccountUser.count } do
      post account_members_path(@account.obfuscated_id), params: { member: { email_address: "nobody@example.com" } }
    end
  end

  test "removes a member" do
    member = account_users(:one_in_one)
    assert_difference -> { AccountUser.count }, -1 do
      delete account_member_path(@account.obfuscated_id, member.obfuscated_id)
    end
  end

  test "removing a member re-checks what that user's open tabs follow" do
    member = account_users(:one_in_one)
    ActionCable.server.pubsub.clear

    delete account_member_path(@account.obfuscated_id, member.obfuscated_id)

    revocations = ActionCable.server.pubsub.broadcasts(InertiaSync::Revocation::STREAM).map { |message| JSON.parse(message) }
    assert_includes revocations, { "kind" => "reauthorize", "keys" => [ "User##{member.user_id}" ] }
  end
end
