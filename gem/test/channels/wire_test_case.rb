require "support/real_websocket_case"
require "support/raw_cable_client"

# Base of the channel's real-WebSocket tests: one Puma on the async adapter, raw-capable clients.
class ChannelWireTestCase < RealWebSocketTestCase
  class << self
    attr_reader :server

    # Extra environment for the server (limits for the test, say).
    def server_env
      {}
    end

    def start_processes
      @server, = start_on_async([ name.underscore.tr("/", "_") ], server_env)
    end
  end

  setup do
    @server = self.class.server
  end

  private
    def open_client(server, user: nil, cookie: user && session_cookie(user), name: user&.email_address || "anonymous")
      RawCableClient.new(server.cable_url, cookie: cookie, origin: server.origin, name: "#{name}@#{server.name}").tap { |client| @clients << client }
    end

    def server_log
      File.read(self.class.server.log_path)
    end

    # What the server logged from byte +start+ on, once a later request shows up in the log (so
    # whatever came before it is written).
    def logged_since(start)
      marker = "/plain?after=#{SecureRandom.hex(4)}"
      @server.get(marker)
      written = nil
      wait_until("the barrier request in the server's log") { (written = File.binread(@server.log_path)[start..].scrub).include?(marker) }
      written.sub(/Started GET "#{Regexp.escape(marker)}".*/m, "")
    end
end
