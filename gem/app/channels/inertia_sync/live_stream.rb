module InertiaSync
  # Action Cable joins a stream's pub/sub asynchronously: +stream_from+ returns before broadcasts on
  # the stream reach the subscription. A version read at that point, with a change committed in the
  # gap, would lose the change for good: not in the version the client was told, nor in any marker it
  # receives. So the +subscribed+ reply waits for the pub/sub's own word that the stream is live, the
  # moment Action Cable itself uses to confirm a channel subscription.
  module LiveStream
    private
      # Streams from +name+ (as +stream_from+ does) and calls +on_live+ once broadcasts on it are
      # delivered to this subscription, on Action Cable's worker pool.
      def inertia_sync_stream_from(name, &on_live)
        return on_live.call if inertia_sync_streaming?(name)
        return stream_from(name).then { on_live.call } unless inertia_sync_live_confirmable?
        return if unsubscribed?

        handler = inertia_sync_marker_forwarder
        streams[name] = handler
        connection.server.event_loop.post do
          pubsub.subscribe(name, handler, -> { connection.worker_pool.async_invoke(on_live, :call, connection: connection) })
        end
      end

      # Markers are forwarded as they come: already JSON, tiny and the same for every subscriber, so
      # the frame is spliced around them and written to the socket from the pub/sub's thread. Action
      # Cable's default handler instead hops to the worker pool, decodes, instruments and re-encodes
      # per subscriber, which made delivering one marker to 1,000 sockets take ~100 ms of CPU.
      def inertia_sync_marker_forwarder
        prefix = "{\"identifier\":#{ActiveSupport::JSON.encode(identifier)},\"message\":"
        socket = connection.send(:websocket)
        ->(message) { socket.transmit("#{prefix}#{message}}") }
      end

      # Action Cable's own server, whose stream internals this mirrors (Rails 7.2 to 8.1). Its test
      # stub (streams kept in an Array) and other servers (AnyCable) get plain +stream_from+.
      def inertia_sync_live_confirmable?
        streams.is_a?(Hash) && !defined?(::AnyCable::Rails) && respond_to?(:pubsub, true) &&
          connection.respond_to?(:websocket, true)
      end
  end
end
