require_relative "wire_test_case"

# Commands sent back to back on one socket take effect in the order sent, and the last reply for an
# identifier says its final state. Action Cable's worker pool alone runs them side by side, which
# swaps them about one time in five: these tests repeat the race to catch that.
class CommandOrderTest < ChannelWireTestCase
  ROUNDS = 25

  setup do
    @member = create_user
    @account = create_account(members: [ @member ])
    @barrier_account = create_account(members: [ @member ])
    @identifier = id_of(@account)
    @barrier = id_of(@barrier_account)
  end

  test "unsubscribe_from then subscribe_to at once ends subscribed, every time" do
    client = subscribed_client(@server, @member)
    version = assert_subscribed(client, @identifier)["version"]

    race(client, "unsubscribe_from", "subscribe_to") do |round|
      client.wait_for_replies(@identifier, WAIT, "round #{round}'s two replies") { |replies| replies.size >= 1 + 2 * (round + 1) }
      assert_equal %w[unsubscribed subscribed], client.replies(@identifier).last(2).map { |reply| reply["type"] }, "round #{round}"

      rename_through(@server, @account, "Round #{round}")
      version = assert_marker(client, @identifier, above: version)["version"]
    end
  end

  test "subscribe_to then unsubscribe_from at once ends unsubscribed, every time" do
    client = subscribed_client(@server, @member)
    barrier_version = assert_subscribed(client, @barrier)["version"]

    race(client, "subscribe_to", "unsubscribe_from") do |round|
      client.wait_for_replies(@identifier, WAIT, "round #{round}'s unsubscribed reply") { |replies| replies.count { |reply| reply["type"] == "unsubscribed" } > round }

      rename_through(@server, @account, "Round #{round}")
      rename_through(@server, @barrier_account, "Barrier #{round}")
      barrier_version = assert_marker(client, @barrier, above: barrier_version)["version"]
      assert_empty client.markers(@identifier), "round #{round}: a stream kept running after unsubscribe_from"
      assert_equal "unsubscribed", client.replies(@identifier).last["type"], "round #{round}"
    end
  end

  private
    # Sends +actions+ for @identifier back to back in one write, ROUNDS times; yields each round
    # after sending it.
    def race(client, *actions)
      ROUNDS.times do |round|
        client.together { actions.each { |action| client.perform(action, identifier: @identifier) } }
        yield round
      end
    end
end
