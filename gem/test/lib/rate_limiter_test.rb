require "test_helper"

class RateLimiterTest < ActiveSupport::TestCase
  test "allows limit hits per period, then refuses until the window passes" do
    now = 100.0
    limiter = InertiaSync::RateLimiter.new(limit: 3, period: 10, clock: -> { now })

    assert_equal [ true, true, true, false ], 4.times.map { limiter.allow? }
    now += 9.9
    assert_not limiter.allow?
    now += 0.1
    assert limiter.allow?
  end
end
