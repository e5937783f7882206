require_relative "wire_test_case"

# What one user can make a server process hold is bounded: one SyncChannel per connection, limits
# and rates per connection and per user (not per channel instance), and a cap on connections.
class ConnectionLimitsTest < ChannelWireTestCase
  def self.server_env
    {
      "SYNC_MAX_SUBSCRIPTIONS" => "3",
      "SYNC_MAX_SUBSCRIPTIONS_PER_USER" => "5",
      "SYNC_MAX_CONNECTIONS_PER_USER" => "3",
      "SYNC_SUBSCRIBE_RATE_LIMIT" => "10",
      "SYNC_SUBSCRIBE_RATE_LIMIT_PER_USER" => "15",
      "SYNC_SUBSCRIBE_RATE_PERIOD" => "600"
    }
  end

  setup do
    @user = create_user
  end

  test "a connection holds one SyncChannel; a second subscription is rejected" do
    client = subscribed_client(@server, @user)
    other = { channel: "SyncChannel", tab: 2 }.to_json
    client.send_json(command: "subscribe", identifier: other)
    client.wait_for(WAIT, "reject_subscription") { |frame| frame["identifier"] == other && frame["type"] == "reject_subscription" }
    assert_equal "error", client.subscribe_to("Nope:1", WAIT)["type"], "the first subscription still works"
  end

  test "subscriptions are limited per connection and per user" do
    accounts = Array.new(6) { create_account(members: [ @user ]) }.map { |account| id_of(account) }
    first = subscribed_client(@server, @user)
    second = subscribed_client(@server, @user)

    accounts.first(3).each { |identifier| assert_subscribed(first, identifier) }
    assert_refused_with first, accounts[3], "limit_reached", "Subscription limit reached"
    accounts[3, 2].each { |identifier| assert_subscribed(second, identifier) }
    assert_refused_with second, accounts[5], "limit_reached", "Subscription limit reached"

    assert_equal "unsubscribed", unsubscribe(first, accounts[0])["type"]
    assert_subscribed(second, accounts[0]) # (a reply for an identifier not asked on this socket before)
  end

  test "the subscribe_to rate is per connection, and unsubscribing the channel does not reset it" do
    client = subscribed_client(@server, @user)
    10.times { |index| assert_equal "invalid_identifier", client.subscribe_to("bad #{index}", WAIT)["code"] }
    assert_equal "rate_limited", client.subscribe_to("bad 10", WAIT)["code"]

    client.send_json(command: "unsubscribe", identifier: CableClient::CHANNEL)
    assert_equal :confirmed, client.subscribe_channel(WAIT)
    assert_equal "rate_limited", client.subscribe_to("bad 11", WAIT)["code"]
  end

  test "the subscribe_to rate is also per user, over their connections" do
    first = subscribed_client(@server, @user)
    second = subscribed_client(@server, @user)
    10.times { |index| assert_equal "invalid_identifier", first.subscribe_to("bad #{index}", WAIT)["code"] }
    5.times { |index| assert_equal "invalid_identifier", second.subscribe_to("bad #{index}", WAIT)["code"] }
    assert_equal "rate_limited", second.subscribe_to("bad 5", WAIT)["code"]
  end

  test "connections per user are capped, with a clear reason; closing one makes room" do
    clients = Array.new(3) { subscribed_client(@server, @user) }

    refused = open_client(@server, user: @user)
    frame = refused.wait_for(WAIT, "a disconnect") { |candidate| %w[disconnect welcome].include?(candidate["type"]) }
    assert_equal({ "type" => "disconnect", "reason" => "too_many_connections", "reconnect" => false }, frame)
    refused.wait_closed(WAIT)
    assert subscribed_client(@server, create_user), "another user still connects"

    clients.first.close
    assert welcomed_eventually(@user), "no room after a connection closed"
  end

  private
    def assert_refused_with(client, identifier, code, error)
      assert_equal({ "type" => "error", "identifier" => identifier, "error" => error, "code" => code }, client.subscribe_to(identifier, WAIT))
    end

    def unsubscribe(client, identifier)
      client.perform("unsubscribe_from", identifier: identifier)
      wait_for_unsubscribed(client, identifier)
    end

    # The server forgets a closed connection soon after the socket closes; until then it refuses.
    def welcomed_eventually(user, attempts: 50)
      attempts.times do
        client = open_client(@server, user: user)
        frame = client.wait_for(WAIT, "welcome or disconnect") { |candidate| %w[welcome disconnect].include?(candidate["type"]) }
        return true if frame["type"] == "welcome"

        client.wait_closed(WAIT)
      end
      false
    end
end
