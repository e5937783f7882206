require "support/real_websocket_case"
require "redis"

# Two Puma processes on the redis cable adapter, sharing one throwaway redis-server (and so, by the
# gem's default, one Redis version store). Fails, never skips, when redis-server is missing.
class TwoProcessesRedisTest < RealWebSocketTestCase
  class << self
    attr_reader :redis_server, :one, :two

    def start_processes
      @redis_server, @one, @two = start_on_redis([ "one", "two" ], channel_prefix: cable_channel_prefix)
    end

    def cable_channel_prefix
      "inertia_sync_integration"
    end
  end

  setup do
    @one, @two = self.class.one, self.class.two
    @redis = ::Redis.new(url: self.class.redis_server.url)
    @member_one, @member_two, @outsider = Array.new(3) { create_user }
    @account = create_account(members: [ @member_one, @member_two ])
    @identifier = id_of(@account)
  end

  teardown { @redis&.close }

  test "a commit through server one reaches clients of both servers, at one version from the shared store" do
    a = subscribed_client(@one, @member_one)
    b = subscribed_client(@two, @member_two)
    outsider = subscribed_client(@two, @outsider)
    subscribed_a = assert_subscribed(a, @identifier)
    subscribed_b = assert_subscribed(b, @identifier)
    assert_refused(outsider, @identifier)
    # Both servers read the identifier's version from the same Redis.
    assert_equal subscribed_a["version"], subscribed_b["version"]

    rename_through(@one, @account, "Through one")
    first_a = assert_marker(a, @identifier, above: subscribed_a["version"])
    first_b = assert_marker(b, @identifier, above: subscribed_b["version"])
    assert_equal first_a, first_b
    assert_equal first_a["version"], stored_version(@identifier)

    rename_through(@two, @account, "Through two")
    second_a = assert_marker(a, @identifier, above: first_a["version"])
    second_b = assert_marker(b, @identifier, above: first_b["version"])
    assert_equal second_a["version"], second_b["version"]
    assert_equal second_a["version"], stored_version(@identifier)

    # A later subscription on either server starts at the last change.
    assert_equal second_a["version"], subscribed_client(@one, @member_two).subscribe_to(@identifier, WAIT)["version"]

    assert_no_marker_after_barrier(outsider, @identifier, user: @outsider, server: @one, above: second_a["version"])
  end

  test "a commit made in another process on the same Redis (here the test process) reaches both servers" do
    a = subscribed_client(@one, @member_one)
    b = subscribed_client(@two, @member_two)
    subscribed = assert_subscribed(a, @identifier)
    assert_equal subscribed["version"], assert_subscribed(b, @identifier)["version"]

    with_redis_cable_in_this_process do
      @account.update!(name: "Renamed by a job, say")
    end

    marker_a = assert_marker(a, @identifier, above: subscribed["version"])
    marker_b = assert_marker(b, @identifier, above: subscribed["version"])
    assert_equal marker_a, marker_b
    assert_equal marker_a["version"], stored_version(@identifier)
  end

  private
    def stored_version(identifier)
      @redis.hget("inertia_sync:versions", identifier)&.to_i
    end

    # Broadcasts from this (test) process through Redis, with versions from the servers' store, as
    # a worker process of the same app would.
    def with_redis_cable_in_this_process
      config = ActionCable.server.config.dup
      config.cable = { adapter: "redis", url: self.class.redis_server.url, channel_prefix: self.class.cable_channel_prefix }.with_indifferent_access
      server = ActionCable::Server::Base.new(config: config)
      InertiaSync.version_store = store = InertiaSync::VersionStore::Redis.new(url: self.class.redis_server.url)
      # A lambda: the server itself responds to #call (it is a Rack app), which stub would invoke.
      ActionCable.stub(:server, -> { server }) { yield }
    ensure
      server&.pubsub&.shutdown
      server&.pubsub&.send(:redis_connection_for_broadcasts)&.close
      store&.redis&.close
    end
end
