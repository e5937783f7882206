require "test_helper"

class SpreadTest < ActiveSupport::TestCase
  MARKER = '{"identifier":"Account:PNvAYr","action":"update","timestamp":1764059000,"version":43}'

  test "a small audience gets no spread, so a lone edit shows at once" do
    policy = InertiaSync::Spread.new(above: 20, reloads_per_second: 800, max_ms: 1_500)
    assert_nil policy.call(1)
    assert_nil policy.call(20)
  end

  test "a larger audience is spread at the configured reload rate" do
    policy = InertiaSync::Spread.new(above: 20, reloads_per_second: 800, max_ms: 1_500)
    assert_equal 27, policy.call(21)
    assert_equal 125, policy.call(100)
    assert_equal 1_250, policy.call(1_000)
  end

  test "the spread never exceeds max_ms, which bounds how stale the last tab may be" do
    policy = InertiaSync::Spread.new(above: 20, reloads_per_second: 800, max_ms: 1_500)
    assert_equal 1_500, policy.call(5_000)
    assert_equal 1_500, policy.call(1_000_000)
  end

  test "bad settings raise with the name of the setting and change nothing" do
    error = assert_raises(ArgumentError) { InertiaSync::Spread.new(reloads_per_second: 0) }
    assert_match(/reloads_per_second/, error.message)
    assert_raises(ArgumentError) { InertiaSync::Spread.new(max_ms: -1) }
    assert_raises(ArgumentError) { InertiaSync::Spread.new(above: 2.5) }
    assert_raises(ArgumentError) { InertiaSync::Spread.new(max_ms: "1500") }
  end

  test "the configured policy is a Spread by default and may be replaced or turned off" do
    assert_kind_of InertiaSync::Spread, InertiaSync.config.spread
    assert_nil InertiaSync.config.spread.call(20)
    assert_equal 500, InertiaSync.config.spread.call(50)
    assert_equal 1_500, InertiaSync.config.spread.call(1_000)
    InertiaSync.config.spread = ->(followers) { followers * 2 }
    assert_equal %({"version":1,"spread":6}), InertiaSync::Spread.add('{"version":1}', 3)
    InertiaSync.config.spread = nil
    assert_equal '{"version":1}', InertiaSync::Spread.add('{"version":1}', 3_000)
  end

  test "add splices the hint into the marker's JSON, which stays valid" do
    policy = InertiaSync::Spread.new(above: 1, reloads_per_second: 1_000, max_ms: 1_500)
    marked = InertiaSync::Spread.add(MARKER, 1_000, policy)
    assert_equal ActiveSupport::JSON.decode(MARKER).merge("spread" => 1_000), ActiveSupport::JSON.decode(marked)
    assert_same MARKER, InertiaSync::Spread.add(MARKER, 1, policy)
  end

  test "a policy answering nonsense adds nothing instead of stopping the marker" do
    [ nil, 0, -5, "soon", Float::NAN, Float::INFINITY, 0.4 ].each do |answer|
      assert_equal MARKER, InertiaSync::Spread.add(MARKER, 1_000, ->(_) { answer }), "policy answered #{answer.inspect}"
    end
    assert_equal 3, ActiveSupport::JSON.decode(InertiaSync::Spread.add(MARKER, 1_000, ->(_) { 2.6 }))["spread"]
  end
end
