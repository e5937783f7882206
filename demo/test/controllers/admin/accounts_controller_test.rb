require "test_helper"

class Admin::AccountsControllerTest < ActionDispatch::IntegrationTest
  test "site admins see every account" do
    sign_in_as users(:admin)
    get admin_accounts_path
    assert_inertia_component "admin/accounts"
    assert_equal %w[Acme Initech], inertia.props[:accounts].map { |account| account[:name] }
  end

  test "members are sent home" do
    sign_in_as users(:one)
    get admin_accounts_path
    assert_redirected_to root_path
  end
end
