require "test_helper"

class PagePropTest < ActionDispatch::IntegrationTest
  setup do
    @account = create_account("Acme")
    @account.update!(name: "Acme 2")
    @cursor = InertiaSync.version_store.current
  end

  def page_from_html
    JSON.parse(response.body[/data-page="([^"]*)"/, 1].then { |html| CGI.unescapeHTML(html) })
  rescue TypeError
    JSON.parse(Nokogiri::HTML(response.body).at("script[data-page]")&.text || "{}")
  end

  test "a full page render carries the inertia_sync prop" do
    get "/accounts"

    assert_response :success
    page = page_from_html
    assert_equal({ "cursor" => @cursor, "collectMs" => 30, "debounceMs" => 300, "maxWaitMs" => 1000, "maxSubscriptions" => 100, "reconnectAttempts" => 5, "enabled" => true },
      page["props"]["inertia_sync"])
  end

  test "an Inertia visit carries it" do
    get "/accounts", headers: { "X-Inertia" => "true" }

    assert_equal @cursor, response.parsed_body["props"]["inertia_sync"]["cursor"]
  end

  test "a partial reload that asks for other props still carries it" do
    @account.update!(name: "Acme 3")

    get "/accounts", headers: {
      "X-Inertia" => "true",
      "X-Inertia-Partial-Component" => "accounts/index",
      "X-Inertia-Partial-Data" => "stats"
    }

    props = response.parsed_body["props"]
    assert_equal %w[errors inertia_sync stats], props.keys.sort
    assert_equal @cursor + 1, props["inertia_sync"]["cursor"]
  end

  test "the cursor is read before the action loads its data" do
    reads = []
    store = InertiaSync.version_store
    original = store.method(:current)
    store.define_singleton_method(:current) { reads << :cursor; original.call }
    subscriber = ActiveSupport::Notifications.subscribe("sql.active_record") { |*, payload| reads << :query if payload[:sql].include?("accounts") }

    get "/accounts", headers: { "X-Inertia" => "true" }

    assert_equal :cursor, reads.first
    assert_includes reads, :query
  ensure
    ActiveSupport::Notifications.unsubscribe(subscriber)
  end

  test "configuration reaches the prop" do
    InertiaSync.config.debounce_ms = 450
    InertiaSync.config.enabled = false

    get "/accounts", headers: { "X-Inertia" => "true" }

    assert_equal 450, response.parsed_body["props"]["inertia_sync"]["debounceMs"]
    assert_equal false, response.parsed_body["props"]["inertia_sync"]["enabled"]
  end

  test "an unreachable version store still renders the page, with cursor 0" do
    store = InertiaSync::VersionStore::Memory.new
    store.define_singleton_method(:current) { raise "down" }
    InertiaSync.version_store = store

    get "/accounts", headers: { "X-Inertia" => "true" }

    assert_response :success
    assert_equal 0, response.parsed_body["props"]["inertia_sync"]["cursor"]
  end

  test "non-page responses are untouched" do
    get "/plain"
    assert_equal "ok", response.body
  end
end
