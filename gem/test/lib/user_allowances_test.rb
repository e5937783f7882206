require "test_helper"

class UserAllowancesTest < ActiveSupport::TestCase
  setup do
    @config = InertiaSync::Configuration.new(max_connections_per_user: 2, max_subscriptions: 3, max_subscriptions_per_user: 4)
    @allowances = InertiaSync::UserAllowances.new(config: -> { @config })
    @user = create_user
  end

  test "caps connections per user and forgets a user with their last connection" do
    first = @allowances.open(@user)
    second = @allowances.open(@user)
    assert_nil @allowances.open(@user)
    assert @allowances.open(create_user), "another user has their own cap"

    @allowances.close(first)
    assert third = @allowances.open(@user)
    [ second, third ].each { |allowance| @allowances.close(allowance) }
    assert_equal 1, @allowances.user_count, "only the other user is left"
  end

  test "a user found again (another object, same record) shares the same cap" do
    @allowances.open(@user)
    @allowances.open(User.find(@user.id))
    assert_nil @allowances.open(User.find(@user.id))
  end

  test "one channel per connection; the slot frees when that channel releases it" do
    allowance = @allowances.open(@user)
    channel, other = Object.new, Object.new
    assert allowance.claim_channel(channel, [])
    assert_not allowance.claim_channel(other, [])
    allowance.release_channel(other)
    assert_not allowance.claim_channel(other, []), "only the holder releases"
    allowance.release_channel(channel)
    assert allowance.claim_channel(other, [])
  end

  test "room for a stream counts the connection's streams and the user's" do
    first, second = @allowances.open(@user), @allowances.open(@user)
    first.claim_channel(:a, [ 1, 2, 3 ])
    second.claim_channel(:b, [ 1 ])
    assert_not first.room_for_stream?(3), "the connection is full"
    assert_not second.room_for_stream?(1), "the user holds 4"
    first.release_channel(:a)
    assert second.room_for_stream?(1)
  end

  test "a connection without a user has its own limits only" do
    allowance = @allowances.open(nil)
    assert_nil allowance.user_share
    assert allowance.room_for_stream?(2)
    assert_not allowance.room_for_stream?(3)
  end
end
