module InertiaSync
  # A fixed-window counter: at most +limit+ hits per +period+ seconds. Safe to share between threads
  # (a user's connections share one).
  class RateLimiter
    def initialize(limit:, period:, clock: -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) })
      @limit, @period, @clock = limit, period, clock
      @window_started_at, @hits = nil, 0
      @lock = Mutex.new
    end

    # Counts a hit; false when the window is already full.
    def allow?
      @lock.synchronize do
        now = @clock.call
        if @window_started_at.nil? || now - @window_started_at >= @period
          @window_started_at, @hits = now, 0
        end
        return false if @hits >= @limit

        @hits += 1
        true
      end
    end
  end
end
