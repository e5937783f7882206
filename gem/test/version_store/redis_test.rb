require "test_helper"
require "version_store/shared_examples"
require "support/redis_server"
require "redis"

# Runs against a throwaway redis-server started for this test class. Not skipped when Redis is
# missing: the Redis store is part of the gem, so the suite fails and says why.
class VersionStoreRedisTest < ActiveSupport::TestCase
  include VersionStoreExamples

  class << self
    def server
      @server ||= RedisServer.new.start.tap { |server| Minitest.after_run { server.stop } }
    end

    def url
      server.url
    end
  end

  setup do
    @redis = ::Redis.new(url: self.class.url)
    @redis.flushdb
  end

  teardown { @redis.close }

  def build_store
    InertiaSync::VersionStore::Redis.new(url: self.class.url)
  end

  # Calls per Redis command while the block runs (INFO and CONFIG themselves left out).
  def commands_during
    @redis.config(:resetstat)
    yield
    @redis.info(:commandstats).to_h do |name, value|
      [ name.delete_prefix("cmdstat_"), value.is_a?(Hash) ? value["calls"].to_i : value[/calls=(\d+)/, 1].to_i ]
    end.reject { |name, _| name.start_with?("info", "config") }
  end

  test "two stores (two processes) share one sequence" do
    a, b = build_store, build_store
    first = a.next_version([ "Account:abcdef" ])
    second = b.next_version([ "Account:all" ])

    assert_equal first + 1, second
    assert_equal second, a.current
    assert_equal second, a.version_of("Account:all")
  end

  test "one round trip per transaction, whatever the number of identifiers" do
    store = build_store
    store.next_version([ "warm:up" ]) # connects and loads the script
    commands = commands_during { store.next_version(50.times.map { |i| "Account:id#{i.to_s.rjust(4, "0")}" }) }

    # One command from the client; INCR and HSET run inside the script, on the server.
    assert_equal({ "evalsha" => 1, "setnx" => 1, "incr" => 1, "hset" => 50 }, commands)
    assert_equal store.current, store.version_of("Account:id0049")
  end

  test "one round trip for the versions of many identifiers" do
    store = build_store.tap { |warm| warm.versions_of([ "warm:up" ]) } # connected, the script loaded
    identifiers = 20.times.map { |i| "Account:id#{i}" }

    # One command from the client; the reads run inside the script, on the server.
    assert_equal({ "evalsha" => 1, "setnx" => 1, "get" => 1, "hget" => 20 }, commands_during { store.versions_of(identifiers) })
  end

  test "recovers when the script cache is flushed" do
    store = build_store
    first = store.next_version([ "Account:abcdef" ])
    @redis.script(:flush)

    assert_equal first + 1, store.next_version([ "Account:abcdef" ])
  end

  test "is the default when Action Cable runs on Redis, reusing its URL" do
    cable = { adapter: "redis", url: self.class.url }
    InertiaSync::VersionStore.stub(:cable_config, cable) do
      store = InertiaSync::VersionStore.build(InertiaSync::Configuration.new)

      assert_instance_of InertiaSync::VersionStore::Redis, store
      version = store.next_version([ "Account:abcdef" ])
      assert_equal version.to_s, @redis.get("inertia_sync:seq")
    end
  end

  test "markers of a committed transaction get their version from Redis" do
    InertiaSync.version_store = build_store
    account = create_account

    markers = capture_sync_broadcasts { account.update!(name: "Renamed") }

    assert_equal @redis.get("inertia_sync:seq").to_i, markers.first[:version]
    assert_equal markers.first[:version], @redis.hget("inertia_sync:versions", id_of(account)).to_i
  end
end
