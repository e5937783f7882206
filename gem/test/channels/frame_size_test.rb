require_relative "wire_test_case"

# Frames over max_message_bytes (4096 by default) close the connection before they are decoded, and
# the log shows at most the start of what the client sent.
class FrameSizeTest < ChannelWireTestCase
  LIMIT = 4096
  # Somewhere past the start of the frame a log line may show.
  SENTINEL = "sentinel-#{SecureRandom.hex(8)}-never-logged"

  setup do
    @user = create_user
  end

  test "a frame of max_message_bytes is served" do
    client = subscribed_client(@server, @user)
    frame = frame_of(LIMIT)
    assert_equal LIMIT, frame.bytesize

    client.send_text(frame)
    reply = client.wait_for_channel(WAIT, "the error reply") { |payload| payload["type"] == "error" }
    assert_equal "invalid_identifier", reply["code"]
  end

  test "a frame of 64 KiB (under the parser's limit) closes the connection with the reason" do
    client = subscribed_client(@server, @user)
    client.send_text(frame_of(64 * 1024))
    assert_closed client, "message_too_large"
  end

  test "one byte more closes the connection, and the log does not echo the frame" do
    client = subscribed_client(@server, @user)
    log_start = File.size(@server.log_path)

    client.send_text(frame_of(LIMIT + 1))
    assert_closed client, "message_too_large"
    assert_no_match SENTINEL, logged_since(log_start)
  end

  test "a 4 MiB frame is refused by the WebSocket parser before it is buffered, and adds a few lines to the log" do
    client = subscribed_client(@server, @user)
    log_start = File.size(@server.log_path)

    client.send_text(frame_of(4 * 1024 * 1024))
    client.wait_closed(WAIT)
    assert_includes client.events.map { |event| event.first(2) }, [ :close, 1009 ]
    written = logged_since(log_start)
    assert_no_match SENTINEL, written
    assert_operator written.bytesize, :<, 4096, written
  end

  test "a garbage frame is logged truncated" do
    client = subscribed_client(@server, @user)
    log_start = File.size(@server.log_path)

    client.send_text("#{"x" * 100}#{SENTINEL}#{"{" * 1000}")
    assert_closed client, "invalid_message"
    assert_no_match SENTINEL, logged_since(log_start)
  end

  test "a padded channel identifier is rejected (the protocol has no channel params)" do
    client = open_client(@server, user: @user)
    client.wait_for_welcome(WAIT)
    identifier = { channel: "SyncChannel", pad: "x" * 3000 }.to_json
    client.send_json(command: "subscribe", identifier: identifier)
    rejection = client.wait_for(WAIT, "reject_subscription") { |frame| frame["identifier"] == identifier && frame["type"] == "reject_subscription" }
    assert_equal "reject_subscription", rejection["type"]
  end

  private
    # A well-formed subscribe_to frame of exactly +bytes+ bytes, the sentinel after its start.
    def frame_of(bytes)
      empty = frame_with("")
      frame_with("#{SENTINEL}#{"x" * (bytes - empty.bytesize - SENTINEL.bytesize)}")
    end

    def frame_with(padding)
      { command: "message", identifier: CableClient::CHANNEL, data: { action: "subscribe_to", identifier: "Account:#{padding}" }.to_json }.to_json
    end
end
