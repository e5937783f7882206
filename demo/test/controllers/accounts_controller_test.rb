require "test_helper"

class AccountsControllerTest < ActionDispatch::IntegrationTest
  setup do
    @user = users(:one)
    @account = accounts(:one)
    sign_in_as @user
  end

  test "index lists only the user's accounts and selects the first" do
    get accounts_path
    assert_inertia_component "accounts/index"
    assert_equal [ "Acme" ], inertia.props[:accounts].map { |account| account[:name] }
    assert_equal @account.obfuscated_id, inertia.props[:selected_account][:id]
    assert_equal [ "one@example.com" ], inertia.props[:selected_account][:account_users].map { |member| member.dig(:user, :email_address) }
  end

  test "a partial reload renders only the requested prop, plus the sync cursor" do
    get accounts_path(account: @account.obfuscated_id)
    inertia_reload_only :selected_account
    keys = inertia.props.keys.map(&:to_sym)
    assert_includes keys, :selected_account
    assert_includes keys, :inertia_sync
    assert_not_includes keys, :accounts
  end

  test "an account the user cannot see is reported missing, not raised" do
    get accounts_path(account: accounts(:two).obfuscated_id)
    assert_response :success
    assert_nil inertia.props[:selected_account]
  end

  test "update renames and broadcasts the account, without the tab id an older client sends" do
    marker = capture_sync_broadcasts do
      patch account_path(@account.obfuscated_id), params: { account: { name: "Acme Two" } },
        headers: { "X-Inertia-Sync-Origin" => "tab_abcdefgh12" }
    end.find { |marker| marker["identifier"] == "Account:#{@account.obfuscated_id}" }
    assert_redirected_to accounts_path(account: @account.obfuscated_id)
    assert_equal "Acme Two", @account.reload.name
    assert_equal %w[action identifier timestamp version], marker.keys.map(&:to_s).sort
  end

  test "an invalid name changes nothing and broadcasts nothing" do
    assert_no_sync_broadcasts do
      patch account_path(@account.obfuscated_id), params: { account: { name: "" } }
    end
    assert_equal "Acme", @account.reload.name
  end

  test "someone else's account cannot be renamed" do
    patch account_path(accounts(:two).obfuscated_id), params: { account: { name: "Mine" } }
    assert_redirected_to accounts_path
    assert_equal "Initech", accounts(:two).reload.name
  end

  test "destroy removes the account" do
    assert_difference -> { Account.count }, -1 do
      delete account_path(@account.obfuscated_id)
    end
    assert_redirected_to accounts_path
  end

  test "show renders a member's account, and an account of others as missing" do
    get account_path(@account.obfuscated_id)
    assert_equal "Acme", inertia.props.dig(:account, :name)

    get account_path(accounts(:two).obfuscated_id)
    assert_inertia_component "accounts/show"
    assert_nil inertia.props[:account]
  end

  test "a member removed from an account no longer gets it on the next reload" do
    get account_path(@account.obfuscated_id)
    assert_equal "Acme", inertia.props.dig(:account, :name)

    account_users(:one_in_one).destroy!
    reload_account
    assert_response :success
    assert_nil response.parsed_body.dig("props", "account")
  end

  test "an outdated browser is turned away when it loads a page, not on its Inertia requests" do
    outdated = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36"
    get account_path(@account.obfuscated_id), headers: { "User-Agent" => outdated }
    assert_response :not_acceptable

    reload_account("User-Agent" => outdated)
    assert_response :success
    assert_equal "Acme", response.parsed_body.dig("props", "account", "name")
  end

  test "show renders a deleted account as missing" do
    get account_path("nope123")
    assert_inertia_component "accounts/show"
    assert_nil inertia.props[:account]
  end

  private
    # What a tab's sync reload sends: a partial reload of the account prop.
    def reload_account(headers = {})
      get account_path(@account.obfuscated_id), headers: {
        "X-Inertia" => "true", "X-Inertia-Version" => InertiaRails.configuration.version.to_s,
        "X-Inertia-Partial-Component" => "accounts/show", "X-Inertia-Partial-Data" => "account", **headers
      }
    end
end
