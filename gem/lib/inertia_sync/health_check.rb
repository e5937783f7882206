module InertiaSync
  # Watches, in each server process, the two things a marker needs on its way to a tab: the pub/sub
  # (Redis, Solid Cable...) and the version store. While either is gone, markers may be lost
  # without anyone noticing: Redis drops what it publishes while a listener reconnects, and a
  # commit whose version bump or publish fails still commits.
  #
  # Every +interval+ seconds it publishes a heartbeat on a channel only this process listens to and
  # reads the store's sequence. A publish or a read that fails, a heartbeat that does not come back
  # within MISSED_BEATS intervals, or a report from elsewhere (a failed broadcast, the Redis
  # listener losing its connection) marks the process interrupted: one warning in the log, and the
  # fan-out tells every socket.
  #
  # A late heartbeat is not always a lost pub/sub: a process starved of CPU or stopped by its garbage
  # collector runs everything late, its heartbeats' handlers and this check's own timer alike. So the
  # intervals a heartbeat may stay out are counted in ticks of this check that ran on time (within
  # LATE_TICK intervals of when they were due): a tick that ran late shows the process was slow, and
  # does not count. Each heartbeat carries that count, so what came back is compared in those terms. The process is back once the store answers and a heartbeat sent
  # after the last failure came back (so the pub/sub's listener has joined its channels again):
  # the store's floor moves above every version handed out (VersionStore#advance_floor), and the
  # fan-out re-sends +subscribed+ to every socket, so tabs reload whatever may have changed.
  class HealthCheck
    # Heartbeats that may be in flight before the pub/sub counts as lost (a busy event loop delays
    # them; a false alarm costs every tab a reload).
    MISSED_BEATS = 3

    # How far (in intervals) a tick may run from when it was due and still count as on time.
    LATE_TICK = 0.5

    RUNNING = []
    RUNNING_LOCK = Mutex.new

    class << self
      # Starts watching +pubsub+ for +fan_out+, unless <tt>config.health_check_interval</tt> is 0.
      def start(pubsub, fan_out, interval: InertiaSync.config.health_check_interval)
        return unless interval.to_f.positive?

        new(pubsub, fan_out, interval: interval).start
      end

      # Something markers depend on failed (+reason+, an exception or a sentence): every running
      # check counts its process as interrupted now, without waiting for its next heartbeat.
      def report(reason)
        RUNNING_LOCK.synchronize { RUNNING.dup }.each { |check| check.lost(reason) }
      end
    end

    def initialize(pubsub, fan_out, interval:, version_store: -> { InertiaSync.version_store }, logger: InertiaSync.logger,
      clock: -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) })
      @pubsub = pubsub
      @fan_out = fan_out
      @interval = interval.to_f
      @version_store = version_store
      @logger = logger
      @channel = "inertia_sync:heartbeat:#{SecureRandom.hex(8)}"
      @lock = Mutex.new
      @wakeup = ConditionVariable.new
      @clock = clock
      @sent = 0
      @received = 0
      @on_time = 0 # ticks that ran on time so far
      @heard_on_time = 0 # the count the latest heartbeat back was sent at
      @due = nil # when the next tick should run
      @down_since = nil # the beat sent when the last failure was seen, while interrupted
      @reported = nil
      @stopped = false
    end

    def start
      listen
      @thread = Thread.new { run }
      @thread.name = "inertia_sync health check"
      RUNNING_LOCK.synchronize { RUNNING << self }
      self
    end

    def stop
      @lock.synchronize do
        @stopped = true
        @wakeup.signal
      end
      @thread&.join(@interval + 1)
      RUNNING_LOCK.synchronize { RUNNING.delete(self) }
      @pubsub.unsubscribe(@channel, @handler) rescue nil
    end

    def interrupted?
      @lock.synchronize { !@down_since.nil? }
    end

    # Subscribes to the heartbeat channel (#start does; a test driving #tick itself calls it). :nodoc:
    def listen
      @handler = ->(beat) { heard(beat) }
      @pubsub.subscribe(@channel, @handler, -> { })
    end

    # One round: publish a heartbeat, read the store, decide. The thread runs it every +interval+
    # (sooner after a report); a test drives it with a fake clock. :nodoc:
    def tick
      number, on_time = count_tick
      with_executor do
        failure = take_report || publish(number, on_time) || read_store || missed(on_time)
        if failure
          interrupt(number, failure)
        elsif interrupted? && @lock.synchronize { @received > @down_since }
          recover(number)
        end
      end
    rescue StandardError => error
      interrupt(number, error)
    ensure
      @lock.synchronize { @due = @clock.call + @interval }
    end

    # Counts the process as interrupted at once (the next round sends, reads and decides).
    def lost(reason)
      @lock.synchronize do
        @reported ||= reason
        @wakeup.signal
      end
    rescue StandardError
      nil # called from Action Cable's threads: never raise into them
    end

    private
      def run
        until @lock.synchronize { @stopped }
          tick
          @lock.synchronize { @wakeup.wait(@lock, @interval) unless @stopped || @reported }
        end
      end

      # Numbers this tick's heartbeat, and counts the tick if it ran on time. One woken early (by a
      # report) or late (the process was slow) does not count.
      def count_tick
        now = @clock.call
        @lock.synchronize do
          @on_time += 1 if @due.nil? || (now - @due).abs <= LATE_TICK * @interval
          [ @sent += 1, @on_time ]
        end
      end

      # Solid Cable and Solid Cache publish and read through Active Record: inside the app's
      # executor, their database connections go back to the pool after each round.
      def with_executor(&block)
        defined?(Rails.application.executor) && Rails.application ? Rails.application.executor.wrap(&block) : yield
      end

      def take_report
        @lock.synchronize { @reported.tap { @reported = nil } }
      end

      def publish(number, on_time)
        @pubsub.broadcast(@channel, "#{number}:#{on_time}")
        nil
      rescue StandardError => error
        error
      end

      def read_store
        @version_store.call.current
        nil
      rescue StandardError => error
        error
      end

      def missed(on_time)
        "no heartbeat came back for #{MISSED_BEATS} intervals" if @lock.synchronize { @heard_on_time < on_time - MISSED_BEATS }
      end

      def heard(beat)
        number, on_time = beat.to_s.split(":", 2).map(&:to_i)
        @lock.synchronize do
          @received = [ @received, number ].max
          @heard_on_time = [ @heard_on_time, on_time ].max
        end
      end

      def interrupt(number, failure)
        first = @lock.synchronize do
          was_up = @down_since.nil?
          @down_since = number
          was_up
        end
        return unless first

        @logger.warn("[InertiaSync] pub/sub or version store unavailable (#{describe(failure)}): markers may be lost; " \
          "tabs are told they are not in sync until it is back")
        @fan_out.interrupted
      end

      def recover(number)
        store = @version_store.call
        store.respond_to?(:advance_floor) ? store.advance_floor : store.next_version([])
        @fan_out.recovered(store)
        @lock.synchronize { @down_since = nil }
        @logger.info("[InertiaSync] pub/sub and version store are back: tabs are told to reload what they show")
      rescue StandardError => error
        @lock.synchronize { @down_since = number }
        @logger.debug { "[InertiaSync] recovery failed, retrying: #{describe(error)}" }
      end

      def describe(failure)
        failure.is_a?(Exception) ? failure.class.name : failure.to_s
      end
  end
end
