module InertiaSync
  # A fixed-window counter: at most +limit+ hits per +period+ seconds.
  class RateLimiter
    def initialize(limit:, period:, clock: -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) })
      @limit, @period, @clock = limit, period, clock
      @window_started_at, @hits = nil, 0
    end

    # Counts a hit; false when the window is already full.
    def allow?
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
