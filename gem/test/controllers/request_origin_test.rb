require "test_helper"

class RequestOriginTest < ActionDispatch::IntegrationTest
  setup do
    @account = create_account("Acme")
  end

  test "the X-Inertia-Sync-Origin header is echoed in the markers of the request's writes" do
    markers = capture_sync_broadcasts do
      post "/accounts/#{@account.obfuscated_id}/rename", params: { name: "Renamed" }, headers: { "X-Inertia-Sync-Origin" => "tab_3fK9x2LmQp" }
    end

    assert_response :redirect
    assert_equal [ "tab_3fK9x2LmQp" ], markers.map { |m| m[:origin] }.uniq
  end

  [ "short", "has spaces in it", "tab/../../etc", "x" * 65, "tab_3fK9x2LmQp\n", "tåb_3fK9x2LmQp" ].each do |origin|
    test "an invalid origin header (#{origin.inspect[0, 20]}) is ignored" do
      markers = capture_sync_broadcasts do
        post "/accounts/#{@account.obfuscated_id}/rename", params: { name: "Renamed" }, headers: { "X-Inertia-Sync-Origin" => origin }
      end

      assert markers.any?
      assert markers.none? { |m| m.key?(:origin) }
    end
  end

  test "no header, no origin key" do
    markers = capture_sync_broadcasts { post "/accounts/#{@account.obfuscated_id}/rename", params: { name: "Renamed" } }
    assert markers.none? { |m| m.key?(:origin) }
  end

  test "the origin does not leak into the next request" do
    post "/accounts/#{@account.obfuscated_id}/rename", params: { name: "One" }, headers: { "X-Inertia-Sync-Origin" => "tab_3fK9x2LmQp" }
    markers = capture_sync_broadcasts { post "/accounts/#{@account.obfuscated_id}/rename", params: { name: "Two" } }

    assert markers.none? { |m| m.key?(:origin) }
  end
end
