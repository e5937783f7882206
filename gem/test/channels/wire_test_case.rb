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
end
