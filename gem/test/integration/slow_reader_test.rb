require "support/real_websocket_case"
require "redis"

# A client that stops reading must not make the server buffer for it without limit: once
# config.sync.max_send_queue frames wait for its socket (here 50, SYNC_MAX_SEND_QUEUE), the server
# closes it. Markers are published straight into Redis from this process, large, so the kernel's
# buffers fill quickly; a client that keeps reading receives every one of them.
class SlowReaderTest < RealWebSocketTestCase
  PREFIX = "inertia_sync_integration"
  PADDING = "x" * 64 * 1024
  BATCH = 10
  MAX_MARKERS = 600 # about 40 MB: far more than a loopback socket's buffers hold

  class << self
    attr_reader :redis_server, :one

    def start_processes
      @redis_server, @one = start_on_redis([ "one" ], channel_prefix: PREFIX, env: { "SYNC_MAX_SEND_QUEUE" => "50" })
    end
  end

  setup do
    @one = self.class.one
    @redis = ::Redis.new(url: self.class.redis_server.url)
    @member, _, @identifier = create_member_with_account
  end

  teardown { @redis&.close }

  test "a socket that stops reading is closed once its send queue is full; one that reads gets every marker" do
    slow = subscribed_client(@one, @member)
    good = subscribed_client(@one, @member)
    assert_subscribed(slow, @identifier)
    assert_subscribed(good, @identifier)

    slow.pause_reading
    sent = 0
    until sent >= MAX_MARKERS || dropped_slow_reader?
      BATCH.times { @redis.publish("#{PREFIX}:#{@identifier}", marker(sent += 1)) }
      # The reading client keeps up, so only the slow one's queue grows.
      good.wait_for_marker(@identifier, WAIT) { |candidate| candidate["version"] == sent }
    end
    assert dropped_slow_reader?, "the server kept buffering #{sent} markers of 64 KiB for a client that reads nothing"

    slow.resume_reading
    slow.wait_closed(WAIT)
    assert_operator slow.markers(@identifier).size, :<, sent, "the slow client was closed before it got everything"
    refute good.closed?
    # Action Cable delivers pub/sub messages from a pool of threads: in any order (versions order them).
    assert_equal (1..sent).to_a, good.markers(@identifier).map { |candidate| candidate["version"] }.sort
    assert_equal 1, File.read(@one.log_path).scan("closed a WebSocket whose client stopped reading").size
  end

  private
    def marker(version)
      JSON.generate(identifier: @identifier, action: "update", timestamp: Time.now.to_i, version: version, padding: PADDING)
    end

    def dropped_slow_reader?
      File.read(@one.log_path).include?("closed a WebSocket whose client stopped reading")
    end
end
