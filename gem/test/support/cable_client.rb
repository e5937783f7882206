require "socket"
require "json"
require "uri"
require "websocket/driver"

# A minimal Action Cable client for the real-WebSocket tests: a TCP socket, websocket-driver, and the
# actioncable-v1-json protocol. Everything the server sends except pings is kept, in order; +wait_for+
# waits (bounded) until one of them matches.
#
#   client = CableClient.new("ws://127.0.0.1:3000/cable", cookie: "session_id=...", origin: "http://127.0.0.1:3000")
#   client.wait_for_welcome
#   client.subscribe_channel                    # => :confirmed or :rejected
#   client.subscribe_to("Account:PNvAYr")       # => {"type" => "subscribed", ...} or {"type" => "error", ...}
#   client.wait_for_marker("Account:PNvAYr")    # => {"identifier" => ..., "version" => ...}
#   client.close
class CableClient
  class Timeout < StandardError; end

  CHANNEL = { channel: "SyncChannel" }.to_json
  PROTOCOLS = [ "actioncable-v1-json", "actioncable-unsupported" ].freeze
  DEFAULT_TIMEOUT = 10

  attr_reader :url, :name

  def initialize(url, cookie: nil, origin: nil, name: "client", connect_timeout: 5)
    @url = url
    @name = name
    @mutex = Mutex.new
    @changed = ConditionVariable.new
    @messages = []
    @events = []
    @closed = false
    @paused = false

    uri = URI(url)
    @socket = Socket.tcp(uri.host, uri.port, connect_timeout: connect_timeout)
    @driver = WebSocket::Driver.client(self, protocols: PROTOCOLS)
    @driver.set_header("Cookie", cookie) if cookie
    @driver.set_header("Origin", origin) if origin
    @driver.on(:open) { record_event(:open) }
    @driver.on(:message) { |event| record_message(JSON.parse(event.data)) }
    @driver.on(:error) { |event| record_event(:error, event.message) }
    @driver.on(:close) { |event| record_close(event.code, event.reason) }
    @mutex.synchronize { @driver.start }
    @reader = Thread.new { read_loop }
  end

  # Called by the driver (under @mutex) with bytes to send.
  def write(data)
    @socket.write(data)
  rescue IOError, SystemCallError
    nil
  end

  # Everything received so far except pings, oldest first.
  def messages
    @mutex.synchronize { @messages.dup }
  end

  # What this subscription's channel transmitted (the gem's replies and markers), oldest first.
  def channel_messages
    messages.filter_map { |frame| frame["message"] if frame["identifier"] == CHANNEL && frame.key?("message") }
  end

  def markers(identifier = nil)
    channel_messages.select { |payload| payload.key?("version") && !payload.key?("type") && (identifier.nil? || payload["identifier"] == identifier) }
  end

  # Socket-level events: [:open], [:error, message], [:close, code, reason].
  def events
    @mutex.synchronize { @events.dup }
  end

  def closed?
    @mutex.synchronize { @closed }
  end

  # Waits until a received frame (any, from the first) satisfies the block; returns it, or raises
  # Timeout listing what did arrive.
  def wait_for(timeout = DEFAULT_TIMEOUT, what = "a matching message", &matcher)
    wait_until(timeout, what) { @messages.find(&matcher) }
  end

  # Like wait_for, over what the channel transmitted (the payload inside each frame's "message").
  def wait_for_channel(timeout = DEFAULT_TIMEOUT, what = "a matching channel message", &matcher)
    frame = wait_for(timeout, what) { |candidate| candidate["identifier"] == CHANNEL && candidate.key?("message") && matcher.call(candidate["message"]) }
    frame["message"]
  end

  def wait_for_welcome(timeout = DEFAULT_TIMEOUT)
    frame = wait_for(timeout, "welcome or disconnect") { |candidate| %w[welcome disconnect].include?(candidate["type"]) }
    raise Timeout, "#{name}: connection refused: #{frame.inspect}" unless frame["type"] == "welcome"
    frame
  end

  # Subscribes to SyncChannel; returns :confirmed or :rejected.
  def subscribe_channel(timeout = DEFAULT_TIMEOUT)
    send_json(command: "subscribe", identifier: CHANNEL)
    frame = wait_for(timeout, "confirm_subscription or reject_subscription") do |candidate|
      candidate["identifier"] == CHANNEL && %w[confirm_subscription reject_subscription].include?(candidate["type"])
    end
    frame["type"] == "confirm_subscription" ? :confirmed : :rejected
  end

  # Performs subscribe_to and returns the reply for that identifier ("subscribed" or "error").
  def subscribe_to(identifier, timeout = DEFAULT_TIMEOUT)
    perform("subscribe_to", identifier: identifier)
    wait_for_channel(timeout, "the subscribe_to reply for #{identifier}") do |payload|
      payload["identifier"] == identifier && %w[subscribed error].include?(payload["type"])
    end
  end

  def perform(action, data = {})
    send_json(command: "message", identifier: CHANNEL, data: data.merge(action: action).to_json)
  end

  # Waits for a marker on +identifier+ that satisfies the block (any marker without one).
  def wait_for_marker(identifier, timeout = DEFAULT_TIMEOUT, &matcher)
    wait_for_channel(timeout, "a marker for #{identifier}") do |payload|
      !payload.key?("type") && payload["identifier"] == identifier && (matcher.nil? || matcher.call(payload))
    end
  end

  # Waits until the server has closed the socket (or the handshake failed).
  def wait_closed(timeout = DEFAULT_TIMEOUT)
    wait_until(timeout, "the socket to close") { @closed || nil }
  end

  def send_json(payload)
    sent = @mutex.synchronize { @driver.text(payload.to_json) }
    raise IOError, "#{name}: cannot send on a closed socket" unless sent
  end

  # Stops reading from the socket (a client that hangs, a tab in the background of a stalled
  # browser): what the server sends stays in the kernel's buffers, then in the server's.
  def pause_reading
    @mutex.synchronize { @paused = true }
  end

  def resume_reading
    @mutex.synchronize do
      @paused = false
      @changed.broadcast
    end
  end

  # Closes the WebSocket and the socket; waits at most +timeout+ for the reader thread.
  def close(timeout = 2)
    resume_reading
    @mutex.synchronize { @driver.close unless @closed }
  rescue StandardError
    nil
  ensure
    begin
      wait_closed(timeout)
    rescue Timeout
      nil
    end
    @socket.close unless @socket.closed?
    @reader.kill unless @reader.join(timeout)
  end

  private
    def read_loop
      loop do
        @mutex.synchronize { @changed.wait(@mutex) while @paused }
        data = @socket.readpartial(16 * 1024)
        @mutex.synchronize { @driver.parse(data) }
      end
    rescue IOError, SystemCallError
      nil
    ensure
      @mutex.synchronize do
        @closed = true
        @changed.broadcast
      end
    end

    # The driver's callbacks run inside parse/start/close, so @mutex is already held.
    def record_message(frame)
      return if frame["type"] == "ping"

      @messages << frame
      @changed.broadcast
    end

    def record_event(*event)
      @events << event
      @changed.broadcast
    end

    def record_close(code, reason)
      @events << [ :close, code, reason ]
      @closed = true
      @changed.broadcast
    end

    def wait_until(timeout, what)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
      @mutex.synchronize do
        loop do
          result = yield
          return result if result

          remaining = deadline - Process.clock_gettime(Process::CLOCK_MONOTONIC)
          if remaining <= 0
            raise Timeout, "#{name}: no #{what} within #{timeout}s; received #{@messages.inspect}; events #{@events.inspect}"
          end
          @changed.wait(@mutex, remaining)
        end
      end
    end
end
