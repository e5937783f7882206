require "test_helper"
require "channels/sync_channel_hostile_input_test"

# The wire protocol fixture shared with the TypeScript client (../contract/protocol.json): if the gem
# drifts from it, this fails.
class ContractTest < ActionCable::Channel::TestCase
  tests SyncChannel

  CONTRACT = JSON.parse(File.read(File.expand_path("../../../contract/protocol.json", __dir__)))

  def assert_same_shape(example, actual, context)
    assert_equal example.keys.sort, actual.keys.map(&:to_s).sort, "#{context}: keys"
    example.each do |key, value|
      assert_equal json_type(value), json_type(actual[key]), "#{context}: type of #{key}"
    end
  end

  def json_type(value)
    case value
    when Integer then :integer
    when Numeric then :number
    when String then :string
    when true, false then :boolean
    when nil then :null
    when Hash then :object
    when Array then :array
    end
  end

  setup do
    @user = create_user
    @account = create_account("Acme", members: [ @user ])
  end

  test "identifier grammar: valid and invalid examples" do
    CONTRACT["identifier"]["valid"].each { |identifier| assert InertiaSync::Identifier.valid?(identifier), identifier }
    CONTRACT["identifier"]["invalid"].each { |identifier| assert_not InertiaSync::Identifier.valid?(identifier), identifier }
  end

  test "identifier grammar: the gem's pattern agrees with the contract's on many strings" do
    contract = Regexp.new(CONTRACT["identifier"]["pattern"].sub(/\A\^/, '\A').sub(/\$\z/, '\z'))
    samples = CONTRACT["identifier"]["valid"] + CONTRACT["identifier"]["invalid"] +
      SyncChannelHostileInputTest.cases.filter_map { |_, data, _| data[:identifier] if data.is_a?(Hash) && data[:identifier].is_a?(String) } +
      [ "A:b", "A:all", "A::B::C:x/y", "A:#{"x" * 64}", "A:#{"x" * 65}", "A:x/#{"a" * 64}", "A:x/#{"a" * 65}", "A:x/_a", "A:x_-/a1" ]

    samples.each do |sample|
      expected = sample.valid_encoding? && sample.length <= CONTRACT["identifier"]["maxLength"] && contract.match?(sample)
      assert_equal expected, InertiaSync::Identifier.valid?(sample), sample.inspect
    end
    assert_equal CONTRACT["identifier"]["maxLength"], InertiaSync::Identifier::MAX_LENGTH
  end

  test "names: protocol version, channel, page prop, error codes" do
    assert_equal 2, CONTRACT["protocolVersion"]
    assert_equal CONTRACT["channel"], SyncChannel.name
    assert_equal CONTRACT["pageProp"], InertiaSync::PageProp::NAME.to_s
    assert_equal CONTRACT["errorCodes"].sort, InertiaSync::SubscriptionGate::MESSAGES.keys.map(&:to_s).sort
  end

  test "page prop has the example's shape" do
    example = CONTRACT["pagePropExample"][CONTRACT["pageProp"]]
    assert_same_shape example, InertiaSync.page_prop.as_json, "page prop"
  end

  test "replies have the examples' shapes" do
    stub_connection current_user: @user
    subscribe

    perform CONTRACT["actions"]["subscribe"]["action"], identifier: id_of(@account)
    assert_same_shape CONTRACT["replies"]["subscribed"], transmissions.last, "subscribed"

    perform CONTRACT["actions"]["unsubscribe"]["action"], identifier: id_of(@account)
    assert_same_shape CONTRACT["replies"]["unsubscribed"], transmissions.last, "unsubscribed"

    perform CONTRACT["actions"]["subscribe"]["action"], identifier: "Account:zzzzzz"
    assert_same_shape CONTRACT["replies"]["error"], transmissions.last, "error"
    assert_includes CONTRACT["errorCodes"], transmissions.last["code"]
  end

  test "a subscription the server ends has the example's shape" do
    stub_connection current_user: @user
    subscribe
    perform CONTRACT["actions"]["subscribe"]["action"], identifier: id_of(@account)
    AccountUser.where(user: @user).delete_all

    subscription.inertia_sync_reauthorize

    example = CONTRACT["replies"]["unsubscribed_by_server"]
    assert_same_shape example, transmissions.last, "unsubscribed by the server"
    assert_equal example["code"], transmissions.last["code"]
  end

  test "markers have the examples' shapes, as they travel (JSON)" do
    @account.update!(name: "Renamed")
    assert_same_shape CONTRACT["markers"]["update"], broadcasts_on(id_of(@account)).last, "update marker"

    Account.create!(name: "New")
    assert_same_shape CONTRACT["markers"]["create"], broadcasts_on("Account:all").last, "create marker"

    AccountUser.last.destroy!
    assert_same_shape CONTRACT["markers"]["destroy"], broadcasts_on("#{id_of(@account)}/account_users").last, "destroy marker"
  end
end
