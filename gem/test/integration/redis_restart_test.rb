require "support/real_websocket_case"

# Two Puma processes on one redis-server, which is killed (SIGKILL) and started again on the same
# port. Every socket hears that markers may be lost, a subscribe_to made meanwhile is answered once
# Redis is back, and every tab is re-sent its versions, above anything sent before, so it reloads
# what changed while markers could not travel: no page reload, no Puma restart.
class RedisRestartTest < RealWebSocketTestCase
  class << self
    attr_reader :redis_server, :one, :two

    def start_processes
      @redis_server, @one, @two = start_on_redis([ "one", "two" ])
    end
  end

  setup do
    @one, @two = self.class.one, self.class.two
    @member, @account, @identifier = create_member_with_account
    @other = create_account(members: [ @member ])
  end

  test "a Redis restart is reported to every socket, and every socket catches up once it is back" do
    a = subscribed_client(@one, @member)
    b = subscribed_client(@two, @member)
    late = subscribed_client(@two, @member)
    before = [ assert_subscribed(a, @identifier), assert_subscribed(b, @identifier) ].map { |reply| reply["version"] }.max

    self.class.redis_server.kill
    [ a, b ].each { |client| wait_for_interrupted(client) }

    # A commit while Redis is down succeeds; its marker and version bump are lost.
    rename_through(@one, @account, "Renamed during the outage")
    # A subscription asked for meanwhile is told markers may be lost, and answered on recovery.
    late.perform("subscribe_to", identifier: id_of(@other))
    wait_for_interrupted(late)

    self.class.redis_server.start
    resent = [ a, b ].map { |client| wait_for_resubscribed(client, @identifier, above: before) }
    late_reply = late.wait_for_channel(WAIT, "the held reply") { |message| message["identifier"] == id_of(@other) && message["type"] }
    assert_equal "subscribed", late_reply["type"]
    assert_operator late_reply["version"], :>, before

    # Markers flow again, through both processes, above the versions re-sent.
    rename_through(@two, @account, "Renamed after the outage")
    [ a, b ].zip(resent) { |client, reply| assert_marker(client, @identifier, above: reply["version"]) }

    [ @one, @two ].each do |server|
      log = File.read(server.log_path)
      assert_equal 1, log.scan("[InertiaSync] pub/sub or version store unavailable").size, "#{server.name} warns once per outage"
      assert_includes log, "[InertiaSync] pub/sub and version store are back"
    end
  end
end
