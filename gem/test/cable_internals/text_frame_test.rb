# InertiaSync::CableInternals::TextFrame against the Action Cable and websocket-driver that are loaded:
# a frame built once must be byte for byte what Action Cable would have written to each socket.
#
#   bundle exec ruby -Itest test/cable_internals/text_frame_test.rb
require "minitest/autorun"
require "socket"
require "action_cable"
require "websocket/driver"
require "inertia_sync"

class TextFrameTest < Minitest::Test
  # What ClientSocket tells its connection; nothing here needs it.
  class EventTarget
    def on_open = nil
    def on_message(_) = nil
    def on_close(*) = nil
    def on_error(_) = nil
  end

  # An event loop that runs nothing (the writes here never wait).
  class IdleLoop
    def post = nil
    def attach(*) = nil
    def detach(*) = nil
    def writes_pending(*) = nil
  end

  # The bytes a driver writes, for the frames it would send itself.
  class Capture
    attr_reader :env, :written

    def initialize = (@env, @written = HANDSHAKE.dup, +"".b)
    def url = "ws://127.0.0.1/cable"
    def write(data) = @written << data
  end

  HANDSHAKE = { "REQUEST_METHOD" => "GET", "HTTP_CONNECTION" => "Upgrade", "HTTP_UPGRADE" => "websocket",
    "HTTP_SEC_WEBSOCKET_VERSION" => "13", "HTTP_SEC_WEBSOCKET_KEY" => "dGhlIHNhbXBsZSBub25jZQ==" }.freeze

  def test_a_frame_is_what_the_driver_writes_for_every_length
    [ 0, 1, 125, 126, 0xFFFF, 0x10000 ].each do |length|
      text = "m" * length
      assert_equal driver_bytes(text), InertiaSync::CableInternals::TextFrame.build(text), "#{length} bytes"
    end
    assert_equal driver_bytes("Acme ünïcødé ✓"), InertiaSync::CableInternals::TextFrame.build("Acme ünïcødé ✓")
  end

  def test_a_marker_reaches_an_open_action_cable_socket_as_the_prebuilt_frame
    reader, websocket = open_websocket
    reader.read_nonblock(4096) # the handshake response
    follower = InertiaSync::FanOut::Follower.new(websocket, "{\"identifier\":\"x\",\"message\":")
    text = "#{follower.prefix}{\"identifier\":\"Account:PNvAYr\",\"version\":1}}"

    follower.transmit_frame(text, InertiaSync::CableInternals::TextFrame.build(text))

    refute_equal false, follower.direct, "an open Action Cable socket takes prebuilt frames"
    assert_equal driver_bytes(text), reader.read_nonblock(4096)
  ensure
    reader&.close
  end

  def test_a_closing_socket_gets_nothing
    reader, websocket = open_websocket
    reader.read_nonblock(4096)
    websocket.close
    reader.read_nonblock(4096) # the close frame
    follower = InertiaSync::FanOut::Follower.new(websocket, "{}")

    follower.transmit_frame("late", InertiaSync::CableInternals::TextFrame.build("late"))

    assert_equal :wait_readable, reader.read_nonblock(4096, exception: false)
  ensure
    reader&.close
  end

  def test_a_socket_that_is_not_action_cables_is_sent_the_text
    socket = Class.new { attr_reader :sent; def transmit(text) = (@sent ||= []) << text }.new
    follower = InertiaSync::FanOut::Follower.new(socket, "{}")

    follower.transmit_frame("text", "frame")

    assert_equal false, follower.direct
    assert_equal [ "text" ], socket.sent
  end

  private
    def driver_bytes(text)
      capture = Capture.new
      driver = WebSocket::Driver.rack(capture)
      driver.start
      capture.written.clear
      driver.text(text)
      capture.written
    end

    # An Action Cable WebSocket over one end of a socket pair, its handshake done; the other end.
    def open_websocket
      reader, writer = UNIXSocket.pair
      env = Rack::MockRequest.env_for("/cable", HANDSHAKE.merge("rack.hijack" => -> { writer }))
      websocket = ActionCable::Connection::WebSocket.new(env, EventTarget.new, IdleLoop.new)
      websocket.rack_response
      [ reader, websocket ]
    end
end
