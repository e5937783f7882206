require_relative "wire_test_case"

# Every frame a client sends gets a reply or a clean close, and none puts a stack trace in the log:
# each row below is sent over a real WebSocket to a real Puma.
class MalformedFramesTest < ChannelWireTestCase
  CHANNEL = CableClient::CHANNEL

  def self.command(command, identifier: CHANNEL, **rest)
    { command: command, identifier: identifier }.merge(rest).to_json
  end

  def self.message(data)
    command("message", data: data.is_a?(String) ? data : data.to_json)
  end

  # [description, frame, expected]: :close (disconnect "invalid_message" and the socket closes),
  # or a reply: [:reject] (reject_subscription), [:confirmed_once] (no second confirmation), or
  # [:error, code] (the channel's error reply).
  CLOSES = {
    "not JSON" => "hello",
    "empty frame" => "",
    "truncated object" => '{"command":"message"',
    "trailing garbage" => '{"command":"subscribe","identifier":"{\"channel\":\"SyncChannel\"}"} x',
    "an array" => "[]",
    "null" => "null",
    "a number" => "42",
    "a string" => '"subscribe"',
    "NaN" => '{"command":NaN}',
    "lone surrogate in the identifier" => '{"command":"subscribe","identifier":"{\"channel\":\"\\ud800\"}"}',
    "lone surrogate in a key" => '{"\\ud800":1,"command":"subscribe","identifier":"{\"channel\":\"SyncChannel\"}"}',
    "lone low surrogate" => '{"command":"subscribe","identifier":"{\"channel\":\"\\udc00SyncChannel\"}"}',
    "duplicate identifier key" => '{"command":"subscribe","identifier":"{\"channel\":\"SyncChannel\"}","identifier":"{\"channel\":\"SyncChannel\",\"x\":1}"}',
    "duplicate command key" => '{"command":"subscribe","command":"message","identifier":"{\"channel\":\"SyncChannel\"}"}',
    "duplicate key inside the identifier" => '{"command":"subscribe","identifier":"{\"channel\":\"SyncChannel\",\"channel\":\"Other\"}"}',
    "nesting 101 deep" => "#{"[" * 101}#{"]" * 101}",
    "nesting 101 deep inside a command" => "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"SyncChannel\\\"}\",\"x\":#{"[" * 101}#{"]" * 101}}",
    "nesting 1000 deep in the identifier" => command("subscribe", identifier: "#{"[" * 1000}#{"]" * 1000}"),
    "no command" => { identifier: CHANNEL }.to_json,
    "unknown command" => command("destroy"),
    "command not a string" => command(1),
    "command null" => command(nil),
    "no identifier" => { command: "subscribe" }.to_json,
    "identifier not a string" => command("subscribe", identifier: { channel: "SyncChannel" }),
    "identifier not JSON" => command("subscribe", identifier: "SyncChannel"),
    "identifier a JSON array" => command("subscribe", identifier: '["SyncChannel"]'),
    "identifier without channel" => command("subscribe", identifier: '{"name":"SyncChannel"}'),
    "channel a number" => command("subscribe", identifier: '{"channel":1}'),
    "channel null" => command("subscribe", identifier: '{"channel":null}'),
    "channel an array" => command("subscribe", identifier: '{"channel":["SyncChannel"]}'),
    "message without data" => command("message"),
    "data not a string" => command("message", data: { action: "subscribe_to" }),
    "data not JSON" => command("message", data: "subscribe_to"),
    "data a JSON array" => command("message", data: '["subscribe_to"]'),
    "data with a lone surrogate" => command("message", data: '{"action":"subscribe_to","identifier":"\\ud800"}'),
    "data with duplicate keys" => command("message", data: '{"action":"subscribe_to","action":"unsubscribe_from","identifier":"Account:all"}'),
    "data nesting 101 deep" => command("message", data: "{\"action\":\"subscribe_to\",\"identifier\":#{"[" * 101}#{"]" * 101}}")
  }.freeze

  REPLIES = {
    "subscribe to a channel that does not exist" => [ command("subscribe", identifier: '{"channel":"NoSuchChannel"}'), [ :reject ] ],
    "subscribe to a constant that is not a channel" => [ command("subscribe", identifier: '{"channel":"Kernel"}'), [ :reject ] ],
    "subscribe to a constant that is not a class" => [ command("subscribe", identifier: '{"channel":"RUBY_VERSION"}'), [ :reject ] ],
    "subscribe to Action Cable's base channel" => [ command("subscribe", identifier: '{"channel":"ActionCable::Channel::Base"}'), [ :reject ] ],
    "a second SyncChannel with other params" => [ command("subscribe", identifier: { channel: "SyncChannel", n: 2 }.to_json), [ :reject ] ],
    "the same SyncChannel again (its first confirmation answered it)" => [ command("subscribe"), [ :confirmed_once ] ],
    "message to a subscription not held" => [ command("message", identifier: { channel: "SyncChannel", n: 3 }.to_json, data: { action: "subscribe_to" }.to_json), [ :reject ] ],
    "unsubscribe from a subscription not held" => [ command("unsubscribe", identifier: { channel: "SyncChannel", n: 4 }.to_json), [ :reject ] ],
    "unknown action" => [ message(action: "destroy_everything"), [ :error, "unknown_action" ] ],
    "no action" => [ message(identifier: "Account:all"), [ :error, "unknown_action" ] ],
    "action not a string" => [ message(action: [ "subscribe_to" ]), [ :error, "unknown_action" ] ],
    "action of Action Cable's base" => [ message(action: "unsubscribe_from_channel"), [ :error, "unknown_action" ] ],
    "a private method as action" => [ message(action: "inertia_sync_gate"), [ :error, "unknown_action" ] ],
    "subscribe_to without identifier" => [ message(action: "subscribe_to"), [ :error, "invalid_identifier" ] ],
    "subscribe_to with an object identifier" => [ message(action: "subscribe_to", identifier: { a: 1 }), [ :error, "invalid_identifier" ] ],
    "subscribe_to with nesting 99 deep" => [ message(action: "subscribe_to", identifier: JSON.parse("#{"[" * 98}#{"]" * 98}")), [ :error, "invalid_identifier" ] ],
    "unsubscribe_from a number" => [ message(action: "unsubscribe_from", identifier: 7), [ :error, "invalid_identifier" ] ]
  }.freeze

  # What a Ruby stack trace or an unhandled command looks like in Action Cable's log.
  STACK_TRACE = %r{\.rb:\d+:in |There was an exception|Could not execute command|Unable to process|unrecognized command}

  setup do
    @user = create_user
  end

  test "the corpus is large" do
    assert_operator CLOSES.size + REPLIES.size + 2, :>=, 55
  end

  CLOSES.each do |description, frame|
    test "closes cleanly on #{description}" do
      client = subscribed_client(@server, @user)
      watching_log do
        client.send_text(frame)
        assert_closed client, "invalid_message"
      end
    end
  end

  test "closes cleanly on a text frame that is not UTF-8 (the WebSocket layer refuses it)" do
    client = subscribed_client(@server, @user)
    watching_log do
      client.send_text("{\"command\":\"subscribe\",\"identifier\":\"\xff\xfe\"}".b)
      client.wait_closed(WAIT)
      assert_includes client.events, [ :close, 1007, "Could not decode a text frame as UTF-8" ]
    end
  end

  test "closes cleanly on a binary frame" do
    client = subscribed_client(@server, @user)
    watching_log do
      client.send_binary([ 123, 125 ])
      assert_closed client, "invalid_message"
    end
  end

  REPLIES.each do |description, (frame, (kind, code))|
    test "answers #{description}" do
      client = subscribed_client(@server, @user)
      watching_log do
        client.send_text(frame)
        case kind
        when :reject
          identifier = JSON.parse(frame)["identifier"]
          client.wait_for(WAIT, "reject_subscription") { |candidate| candidate["identifier"] == identifier && candidate["type"] == "reject_subscription" }
        when :error
          reply = client.wait_for_channel(WAIT, "an error reply") { |payload| payload["type"] == "error" }
          assert_equal code, reply["code"]
        end
        # The connection still serves well-formed commands.
        assert_equal "error", client.subscribe_to("Nope:1", WAIT)["type"]
        assert_equal 1, client.messages.count { |candidate| candidate["type"] == "confirm_subscription" } if kind == :confirmed_once
      end
    end
  end

  private
    # Runs the block, then waits until the server logged a later request (so that whatever the
    # block caused is in the log) and asserts that no stack trace was logged meanwhile.
    def watching_log
      start = File.size(self.class.server.log_path)
      yield
      assert_no_match STACK_TRACE, logged_since(start)
    end
end
