require "test_helper"

# What the fan-out does when its process loses the pub/sub or the version store, and when both are
# back (InertiaSync::HealthCheck decides when; here the test calls #interrupted and #recovered).
class FanOutOutageTest < ActiveSupport::TestCase
  # Joins streams only when told to, as a pub/sub whose listener is reconnecting would.
  class PubSub
    attr_reader :joins

    def initialize = @joins = []
    def subscribe(channel, handler, on_success) = @joins << [ channel, handler, on_success ]
    def unsubscribe(channel, handler) = @joins.reject! { |joined, joined_handler, _| joined == channel && joined_handler.equal?(handler) }
    def confirm_all = @joins.slice!(0..).each { |_, _, on_success| on_success.call }
  end

  class InlineLoop
    def post = yield
  end

  class Socket
    attr_reader :frames

    def initialize = @frames = []
    def transmit(frame) = @frames << frame
    def messages = frames.map { |frame| JSON.parse(frame)["message"] }
  end

  setup do
    @pubsub = PubSub.new
    @fan_out = InertiaSync::FanOut.new(@pubsub, InlineLoop.new)
    @store = InertiaSync.version_store
    @replies = []
  end

  test "every socket is told once per outage; each is re-sent subscribed for what it follows, above every version before" do
    a, b = follower("a"), follower("b")
    follow("Account:aaaaaa", a)
    follow("Account:bbbbbb", a)
    follow("Account:aaaaaa", b)
    @pubsub.confirm_all
    before = @store.next_version([ "Account:aaaaaa" ])

    @fan_out.interrupted
    @fan_out.interrupted
    assert_equal [ { "type" => "interrupted" } ], a.socket.messages
    assert_equal [ { "type" => "interrupted" } ], b.socket.messages

    floor = @store.advance_floor
    @fan_out.recovered(@store)

    assert_operator floor, :>, before
    assert_equal [ { "type" => "subscribed", "identifier" => "Account:aaaaaa", "version" => floor },
                   { "type" => "subscribed", "identifier" => "Account:bbbbbb", "version" => floor } ],
      a.socket.messages.drop(1).sort_by { |message| message["identifier"] }
    assert_equal [ { "type" => "subscribed", "identifier" => "Account:aaaaaa", "version" => floor } ], b.socket.messages.drop(1)

    @fan_out.interrupted
    assert_equal({ "type" => "interrupted" }, a.socket.messages.last, "a later outage is told again")
  end

  test "a subscription made during an outage is told so, and answered only once the outage is over" do
    early = follower("early")
    follow("Account:aaaaaa", early)
    @pubsub.confirm_all
    @replies.clear
    @fan_out.interrupted

    late = follower("late")
    follow("Account:aaaaaa", late)
    follow("Account:cccccc", late)
    @pubsub.confirm_all
    assert_equal [ { "type" => "interrupted" } ], late.socket.messages, "told once, held replies"
    assert_empty @replies

    @fan_out.recovered(@store)
    assert_equal [ "late Account:aaaaaa", "late Account:cccccc" ], @replies.sort, "held replies go now"
    assert_equal [ "subscribed" ], early.socket.messages.drop(1).map { |message| message["type"] }
    assert_equal [ { "type" => "interrupted" } ], late.socket.messages, "no second subscribed beside its reply"
  end

  test "a stream whose join was forgotten during the outage joins again on recovery, then replies" do
    @fan_out.interrupted
    waiting = follower("waiting")
    follow("Account:aaaaaa", waiting)
    @pubsub.joins.clear # the listener lost the join's callback with its connection

    @fan_out.recovered(@store)
    assert_empty @replies
    assert_equal [ "Account:aaaaaa" ], @pubsub.joins.map(&:first), "joined again"

    @pubsub.confirm_all
    assert_equal [ "waiting Account:aaaaaa" ], @replies
  end

  test "a store that fails again during recovery keeps the held replies for the next one" do
    follow("Account:aaaaaa", follower("a"))
    @pubsub.confirm_all
    @replies.clear
    @fan_out.interrupted
    follow("Account:aaaaaa", follower("b"))

    broken = Object.new
    def broken.version_of(_) = raise(InertiaSync::VersionStore::Unavailable, "down")
    assert_raises(InertiaSync::VersionStore::Unavailable) { @fan_out.recovered(broken) }
    assert_empty @replies

    @fan_out.recovered(@store)
    assert_equal [ "b Account:aaaaaa" ], @replies
  end

  private
    def follower(name)
      InertiaSync::FanOut::Follower.new(Socket.new, "{\"identifier\":#{name.to_json},\"message\":")
    end

    def follow(identifier, follower)
      name = JSON.parse("#{follower.prefix}0}")["identifier"]
      @fan_out.add(identifier, follower) { @replies << "#{name} #{identifier}" }
    end
end
