require "test_helper"

class SubscriptionGateTest < ActiveSupport::TestCase
  setup do
    @user = create_user
    @account = create_account(members: [ @user ])
    @current = @user
    @gate = InertiaSync::SubscriptionGate.new(user: -> { @current }, allowance: InertiaSync::Allowance.new)
  end

  test "admits an identifier the user may stream" do
    verdict = @gate.admit(id_of(@account), streams: [])
    assert verdict.allowed?
    assert_equal id_of(@account), verdict.identifier.to_s
    assert_nil verdict.message
  end

  test "refuses with a code and its message" do
    verdict = @gate.admit("User:all", streams: [])
    assert_not verdict.allowed?
    assert_equal :all_not_declared, verdict.code
    assert_equal "This model does not broadcast to :all", verdict.message
    assert_nil verdict.identifier
  end

  test "authorized? asks for the user on every call (fresh user state)" do
    identifier = InertiaSync::Identifier.parse(id_of(@account))
    assert @gate.authorized?(identifier)
    @current = create_user
    assert_not @gate.authorized?(identifier)
    @current = nil
    assert_not @gate.authorized?(identifier)
  end

  test "authorized? is false for an unregistered model" do
    assert_not @gate.authorized?(InertiaSync::Identifier.parse("Nope:1"))
  end
end
