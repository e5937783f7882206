require "test_helper"

# The frame FanOut writes to every following socket carries the spread hint for the identifier's
# audience in this process. The pub/sub, event loop and sockets are the transport boundary: faked.
class FanOutSpreadTest < ActiveSupport::TestCase
  MARKER = '{"identifier":"Account:PNvAYr","action":"update","timestamp":1764059000,"version":43}'
  PREFIX = '{"identifier":"{\"channel\":\"SyncChannel\"}","message":'

  class FakePubSub
    attr_reader :handlers

    def initialize = @handlers = Hash.new { |hash, key| hash[key] = [] }

    def subscribe(channel, handler, on_success)
      handlers[channel] << handler
      on_success.call
    end

    def unsubscribe(channel, handler) = handlers[channel].delete(handler)

    def broadcast(channel, message) = handlers[channel].each { |handler| handler.call(message) }
  end

  class InlineLoop
    def post = yield
  end

  class FakeSocket
    attr_reader :frames

    def initialize = @frames = []

    def transmit(frame) = frames << frame
  end

  setup do
    @pubsub = FakePubSub.new
    @fan_out = InertiaSync::FanOut.new(@pubsub, InlineLoop.new)
  end

  test "a marker to a large audience carries the configured spread in every socket's frame" do
    InertiaSync.config.spread = InertiaSync::Spread.new(above: 2, reloads_per_second: 100, max_ms: 1_500)
    sockets = follow("Account:PNvAYr", 5)
    @pubsub.broadcast("Account:PNvAYr", MARKER)

    sockets.each do |socket|
      assert_equal 1, socket.frames.size
      frame = ActiveSupport::JSON.decode(socket.frames.first)
      assert_equal ActiveSupport::JSON.decode(MARKER).merge("spread" => 50), frame["message"]
    end
  end

  test "a marker to a small audience has no spread field" do
    InertiaSync.config.spread = InertiaSync::Spread.new(above: 2, reloads_per_second: 100, max_ms: 1_500)
    sockets = follow("Account:PNvAYr", 2)
    @pubsub.broadcast("Account:PNvAYr", MARKER)

    sockets.each { |socket| assert_equal [ "#{PREFIX}#{MARKER}}" ], socket.frames }
  end

  test "the spread follows the audience as sockets leave" do
    InertiaSync.config.spread = InertiaSync::Spread.new(above: 2, reloads_per_second: 100, max_ms: 1_500)
    followers = Array.new(4) { InertiaSync::FanOut::Follower.new(FakeSocket.new, PREFIX) }
    followers.each { |follower| @fan_out.add("Account:PNvAYr", follower) { } }
    @pubsub.broadcast("Account:PNvAYr", MARKER)
    followers.drop(2).each { |follower| @fan_out.remove("Account:PNvAYr", follower) }
    @pubsub.broadcast("Account:PNvAYr", MARKER)

    spreads = followers.first.socket.frames.map { |frame| ActiveSupport::JSON.decode(frame)["message"]["spread"] }
    assert_equal [ 40, nil ], spreads
  end

  private
    def follow(identifier, count)
      Array.new(count) do
        FakeSocket.new.tap { |socket| @fan_out.add(identifier, InertiaSync::FanOut::Follower.new(socket, PREFIX)) { } }
      end
    end
end
