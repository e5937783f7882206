require "test_helper"

class TestHelperTest < ActiveSupport::TestCase
  setup { @account = create_account }

  test "assert_sync_broadcast passes on a marker and fails without one" do
    assert_sync_broadcast(id_of(@account)) { @account.update!(name: "X") }
    assert_sync_broadcast(id_of(@account), action: :update, count: 1) { @account.update!(name: "Y") }

    failure = assert_raises(Minitest::Assertion) { assert_sync_broadcast(id_of(@account)) { nil } }
    assert_match(/Expected a sync marker for #{id_of(@account)}/, failure.message)
    assert_raises(Minitest::Assertion) { assert_sync_broadcast(id_of(@account), action: :destroy) { @account.update!(name: "Z") } }
    assert_raises(Minitest::Assertion) { assert_sync_broadcast(id_of(@account), count: 2) { @account.update!(name: "W") } }
  end

  test "assert_no_sync_broadcasts, globally or for one identifier" do
    assert_no_sync_broadcasts { Account.count }
    assert_no_sync_broadcasts("Account:zzzzzz") { @account.update!(name: "X") }
    assert_raises(Minitest::Assertion) { assert_no_sync_broadcasts { @account.update!(name: "Y") } }
    assert_raises(Minitest::Assertion) { assert_no_sync_broadcasts(id_of(@account)) { @account.update!(name: "Z") } }
  end

  test "capture_sync_broadcasts returns markers with indifferent access" do
    markers = capture_sync_broadcasts { @account.destroy! }

    assert_equal [ id_of(@account), "Account:all" ], markers.map { |m| m[:identifier] }
    assert_equal "destroy", markers.first["action"]
  end

  test "markers also land in Action Cable's test adapter" do
    @account.update!(name: "Adapter")
    assert_equal "update", broadcasts_on(id_of(@account)).last["action"]
  end

  test "included into ActiveSupport::TestCase by the engine" do
    assert_includes ActiveSupport::TestCase.ancestors, InertiaSync::TestHelper
  end
end
