module InertiaSync
  # Everything the gem relies on inside Action Cable's own server that is not public API, in one
  # place, checked against the Rails versions it was written for (7.2, 8.0, 8.1: each has a test).
  #
  # * The fan-out (InertiaSync::FanOut) writes frames straight to a connection's WebSocket, posts to
  #   the server's event loop, and runs replies on its worker pool, as Action Cable's own streams do.
  # * Each socket's send queue is bounded (SendQueueLimit): a client that stops reading is
  #   disconnected instead of buffered without limit.
  # * The Redis listener keeps reconnecting, with backoff, and reports each lost connection
  #   (RedisReconnect); Action Cable's default gives up after one attempt and says nothing.
  #
  # Where any of it is missing (another Rails, AnyCable, Action Cable's test stub), +usable?+ is false
  # and SyncChannel falls back to plain +stream_from+: markers still arrive, without the fan-out's
  # speed or the outage notices.
  module CableInternals
    SUPPORTED = Gem::Requirement.new(">= 7.2", "< 8.2")

    class << self
      # Whether +channel+ runs on an Action Cable server whose internals are the ones known here.
      def usable?(channel)
        internals_known? && channel.send(:streams).is_a?(Hash) && channel.respond_to?(:pubsub, true) &&
          channel.connection.respond_to?(:websocket, true)
      end

      def internals_known?
        return @internals_known if defined?(@internals_known)

        @internals_known = !defined?(::AnyCable::Rails) && SUPPORTED.satisfied_by?(ActionCable.gem_version) &&
          ActionCable::Connection::Base.private_method_defined?(:websocket) &&
          ActionCable::Connection::WebSocket.method_defined?(:transmit) &&
          ActionCable::Server::Worker.method_defined?(:async_invoke)
      end

      # The socket frames are written to (it answers +transmit+ with a String).
      def socket(connection)
        connection.send(:websocket)
      end

      def event_loop(connection)
        connection.server.event_loop
      end

      def pubsub(channel)
        channel.send(:pubsub)
      end

      # Runs +callable+ on the connection's worker pool, as Action Cable runs a channel's callbacks.
      def invoke(connection, callable)
        connection.worker_pool.async_invoke(callable, :call, connection: connection)
      end

      # Bounds every socket's send queue (see SendQueueLimit), once per process.
      def install
        return unless internals_known?

        ActionCable::Connection::Stream.prepend(SendQueueLimit) unless ActionCable::Connection::Stream <= SendQueueLimit
      end

      # Makes the Redis adapter's listener of +pubsub+ reconnect for ever, when the app did not set
      # its own +reconnect_attempts+ (see RedisReconnect).
      def watch(pubsub)
        return unless internals_known? && defined?(::ActionCable::SubscriptionAdapter::Redis) && pubsub.is_a?(::ActionCable::SubscriptionAdapter::Redis)

        listener = ::ActionCable::SubscriptionAdapter::Redis::Listener
        listener.prepend(RedisReconnect) unless listener <= RedisReconnect
      end
    end
  end
end
