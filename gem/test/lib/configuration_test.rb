require "test_helper"

class ConfigurationTest < ActiveSupport::TestCase
  test "defaults" do
    config = InertiaSync::Configuration.new
    assert_equal [ true, 300, 1000, 100, 5, false, false ],
      [ config.enabled, config.debounce_ms, config.max_wait_ms, config.max_subscriptions, config.reconnect_attempts, config.broadcast_later, config.debug ]
  end

  test "environment overrides" do
    env = { "ENABLE_SYNC" => "false", "SYNC_DEBOUNCE_MS" => "150", "SYNC_MAX_WAIT_MS" => "2000", "SYNC_MAX_SUBSCRIPTIONS" => "20", "SYNC_RECONNECT_ATTEMPTS" => "9" }
    env.each { |key, value| ENV[key] = value }
    config = InertiaSync::Configuration.new

    assert_equal [ false, 150, 2000, 20, 9 ], [ config.enabled, config.debounce_ms, config.max_wait_ms, config.max_subscriptions, config.reconnect_attempts ]
  ensure
    env.each_key { |key| ENV.delete(key) }
  end

  test "a malformed number in the environment falls back to the default" do
    ENV["SYNC_DEBOUNCE_MS"] = "fast"
    assert_equal 300, InertiaSync::Configuration.new.debounce_ms
  ensure
    ENV.delete("SYNC_DEBOUNCE_MS")
  end

  test "hash assignment, as in the specification's Appendix A" do
    Rails.application.config.sync = { enabled: false, debounce_ms: 500, max_subscriptions: 50 }

    assert_instance_of InertiaSync::Configuration, InertiaSync.config
    assert_equal [ false, 500, 50 ], [ InertiaSync.config.enabled, InertiaSync.config.debounce_ms, InertiaSync.config.max_subscriptions ]
    assert_same InertiaSync.config, InertiaSync.config
  end

  test "reading the configuration leaves the app's config as the app wrote it" do
    written = { debounce_ms: 500 }
    Rails.application.config.sync = written

    assert_equal 500, InertiaSync.config.debounce_ms
    assert_same written, Rails.application.config.sync
    assert_equal({ debounce_ms: 500 }, written)

    Rails.application.config.sync = { debounce_ms: 700 }
    assert_equal 700, InertiaSync.config.debounce_ms, "a new Hash is read anew"
  end

  test "the dummy app's config.sync hash and initializer were applied at boot" do
    assert_instance_of InertiaSync::Configuration, Rails.application.config.sync
  end

  test "attribute assignment through config.sync" do
    Rails.application.config.sync.debounce_ms = 450
    assert_equal 450, InertiaSync.config.debounce_ms
  end

  test "unknown options raise a clear error, whichever way they are set" do
    error = assert_raises(InertiaSync::ConfigurationError) { InertiaSync::Configuration.new(debounce: 1) }
    assert_match(/Unknown inertia_sync option :debounce\. Known options: enabled, (\w+, )*debounce_ms, /, error.message)
    assert_raises(InertiaSync::ConfigurationError) { InertiaSync.config.max_subscribtions = 3 }
    assert_raises(InertiaSync::ConfigurationError) { InertiaSync.configure { |config| config.assign(colour: "blue") } }
  end

  test "an unknown version store kind raises" do
    InertiaSync.config.version_store = :mongo
    assert_raises(InertiaSync::ConfigurationError) { InertiaSync::VersionStore.build(InertiaSync.config) }
  end

  test "version store choice" do
    assert_instance_of InertiaSync::VersionStore::Memory, InertiaSync::VersionStore.build(InertiaSync::Configuration.new(version_store: :memory))
    assert_instance_of InertiaSync::VersionStore::Cache, InertiaSync::VersionStore.build(InertiaSync::Configuration.new(version_store: :cache))
    custom = InertiaSync::VersionStore::Memory.new
    assert_same custom, InertiaSync::VersionStore.build(InertiaSync::Configuration.new(version_store: custom))
    assert_equal :memory, InertiaSync::VersionStore.default_kind, "test cable adapter and memory cache: memory"
  end

  test "debug logs markers at info level" do
    io = StringIO.new
    previous, Rails.logger = Rails.logger, ActiveSupport::Logger.new(io)
    InertiaSync.config.debug = true
    create_account("Logged")

    assert_match(/\[InertiaSync\] broadcast Account:\w+ create v\d+/, io.string)
  ensure
    Rails.logger = previous
  end

  test "notifications: broadcast.inertia_sync carries markers and version" do
    events = []
    ActiveSupport::Notifications.subscribed(->(*, payload) { events << payload }, "broadcast.inertia_sync") { create_account }

    assert_equal 1, events.size
    assert_equal events.first[:version], events.first[:markers].first[:version]
  end
end
