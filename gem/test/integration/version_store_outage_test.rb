require "support/real_websocket_case"

# One Puma on the async cable, with its versions in a redis-server of their own, which stops
# answering (SIGSTOP) and then goes on (SIGCONT) with its data intact. A commit meanwhile succeeds,
# but its version bump and marker are lost: the identifier's stored version is the one the tab
# already has. The tab must still learn that something changed.
class VersionStoreOutageTest < RealWebSocketTestCase
  class << self
    attr_reader :redis_server

    def start_processes
      @redis_server = start_redis
      @server, = start_on_async([ "one" ], "INTEGRATION_VERSION_STORE_URL" => redis_server.url)
    end
  end

  setup do
    @member, @account, @identifier = create_member_with_account
  end

  test "a commit whose version bump was lost is still reloaded: the version re-sent after the outage is above the old one" do
    client = subscribed_client(@server, @member)
    before = assert_subscribed(client, @identifier)["version"]

    self.class.redis_server.pause
    begin
      rename_through(@server, @account, "Renamed while versions could not be stored")
      wait_for_interrupted(client)
    ensure
      self.class.redis_server.resume
    end

    # (A re-sent reply at the old version would fail here, by timing out with every frame listed.)
    resent = client.wait_for_channel(WAIT * 2, "subscribed again at another version") do |message|
      message["type"] == "subscribed" && message["identifier"] == @identifier && message["version"] != before
    end
    assert_operator resent["version"], :>, before, "the tab's page shows the name from before the outage: it must reload"
    assert_empty client.markers(@identifier), "the commit's own marker was lost"
    assert_includes File.read(@server.log_path), "could not broadcast #{@identifier}"
  end
end
