require "test_helper"

# The health check of one process against a pub/sub and a version store that the test takes down
# and brings back. Waits are bounded; nothing here asserts how long anything took.
class HealthCheckTest < ActiveSupport::TestCase
  # Delivers to its subscribers at once; +down+ makes broadcasts raise, +deaf+ drops them silently
  # (what Redis does to messages published while a listener reconnects).
  class PubSub
    attr_accessor :down, :deaf

    def initialize
      @handlers = Hash.new { |hash, key| hash[key] = [] }
      @lock = Mutex.new
    end

    def subscribe(channel, handler, on_success)
      @lock.synchronize { @handlers[channel] << handler }
      on_success&.call
    end

    def unsubscribe(channel, handler) = @lock.synchronize { @handlers[channel].delete(handler) }

    def broadcast(channel, message)
      raise Errno::ECONNREFUSED if down
      return if deaf

      @lock.synchronize { @handlers[channel].dup }.each { |handler| handler.call(message) }
    end
  end

  # A version store that raises while +down+.
  class Store < SimpleDelegator
    attr_accessor :down

    def current = down ? raise(InertiaSync::VersionStore::Unavailable, "down") : super
    def advance_floor = down ? raise(InertiaSync::VersionStore::Unavailable, "down") : super
  end

  # Records what the health check told it, in order.
  class FanOut
    attr_reader :events

    def initialize = @events = Queue.new
    def interrupted = @events << :interrupted
    def recovered(store) = @events << [ :recovered, store.current ]
  end

  setup do
    @pubsub = PubSub.new
    @store = Store.new(InertiaSync::VersionStore::Memory.new)
    @fan_out = FanOut.new
    @log = StringIO.new
    @check = InertiaSync::HealthCheck.new(@pubsub, @fan_out, interval: 0.05, version_store: -> { @store }, logger: ActiveSupport::Logger.new(@log, level: :warn))
    @check.start
  end

  teardown { @check.stop }

  test "a version store outage interrupts, and its end moves the floor up before telling the fan-out" do
    before = @store.next_version([ "Account:aaaaaa" ])
    @store.down = true
    assert_equal :interrupted, next_event
    assert @check.interrupted?

    @store.down = false
    event, version = next_event
    assert_equal :recovered, event
    assert_operator version, :>, before
    assert_equal version, @store.version_of("Account:aaaaaa"), "the floor moved up"
    refute @check.interrupted?
    assert_equal 1, @log.string.scan("unavailable (InertiaSync::VersionStore::Unavailable)").size, "one warning: #{@log.string}"
  end

  test "heartbeats that stop coming back interrupt; the first one back after that recovers" do
    assert_outage_and_recovery { |down| @pubsub.deaf = down }
  end

  test "a failing publish, or a report from elsewhere, interrupts without waiting for missed heartbeats" do
    assert_outage_and_recovery { |down| @pubsub.down = down }

    InertiaSync::HealthCheck.report(RuntimeError.new("broadcast failed"))
    assert_equal :interrupted, next_event
    assert_equal :recovered, next_event.first
    assert_equal 2, @log.string.scan("pub/sub or version store unavailable").size, "one warning per outage"
  end

  private
    def next_event
      @fan_out.events.pop(timeout: 10) or flunk "the health check told the fan-out nothing"
    end

    # Yields true (the fault starts) until the check interrupts, then false until it recovers.
    def assert_outage_and_recovery
      yield true
      assert_equal :interrupted, next_event
      yield false
      assert_equal :recovered, next_event.first
    end
end

# The same check driven tick by tick on a fake clock, against a pub/sub that holds heartbeats until
# the test delivers them: whether lateness is the pub/sub's or the process's own.
class HealthCheckClockTest < ActiveSupport::TestCase
  INTERVAL = 1.0

  # While +holding+, keeps what is broadcast; #deliver hands it to the subscribers (late, as a busy
  # process would). Not holding, it delivers at once.
  class HeldPubSub < HealthCheckTest::PubSub
    attr_accessor :holding

    def initialize
      super
      @holding = true
      @held = []
    end

    alias_method :deliver_now, :broadcast

    def broadcast(channel, message)
      @held << [ channel, message ]
      deliver unless holding
    end

    def deliver
      @held.shift(@held.size).each { |channel, message| deliver_now(channel, message) }
    end
  end

  setup do
    @now = 0.0
    @pubsub = HeldPubSub.new
    @fan_out = HealthCheckTest::FanOut.new
    @check = InertiaSync::HealthCheck.new(@pubsub, @fan_out, interval: INTERVAL, clock: -> { @now },
      version_store: -> { InertiaSync::VersionStore::Memory.new }, logger: ActiveSupport::Logger.new(StringIO.new))
    @check.listen
  end

  test "heartbeats back late from a process whose own ticks ran late (CPU-starved, collecting) are no outage" do
    6.times { tick_after(INTERVAL * 2) } # each tick a whole interval late, no heartbeat back meanwhile
    @pubsub.deliver
    tick_after(INTERVAL)

    assert_not @check.interrupted?
    assert_empty events
  end

  test "heartbeats missing for MISSED_BEATS ticks that ran on time are an outage; one back recovers" do
    InertiaSync::HealthCheck::MISSED_BEATS.times { tick_after(INTERVAL) }
    assert_not @check.interrupted?, "a heartbeat may be out for #{InertiaSync::HealthCheck::MISSED_BEATS} intervals"

    tick_after(INTERVAL)
    assert @check.interrupted?
    assert_equal [ :interrupted ], events

    # Back: a heartbeat sent after the failure comes back.
    @pubsub.holding = false
    @pubsub.deliver
    tick_after(INTERVAL)
    assert_not @check.interrupted?
    assert_equal [ :recovered ], events.map(&:first)
  end

  test "late ticks do not count, on-time ticks after them do: a pub/sub lost while the process was slow is still found" do
    5.times { tick_after(INTERVAL * 2) }
    assert_not @check.interrupted?

    (InertiaSync::HealthCheck::MISSED_BEATS + 1).times { tick_after(INTERVAL) }
    assert @check.interrupted?
  end

  private
    def tick_after(seconds)
      @now += seconds
      @check.tick
    end

    def events
      Array.new(@fan_out.events.size) { @fan_out.events.pop }
    end
end
