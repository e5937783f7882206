module InertiaSync
  # How SyncChannel streams an identifier on Action Cable's own server.
  #
  # Live confirmation: Action Cable joins a stream's pub/sub asynchronously, so +stream_from+ returns
  # before broadcasts reach the subscription. A version read then, with a change committed in the gap,
  # would lose the change for good: not in the version the client was told, nor in any marker it
  # receives. So the +subscribed+ reply waits until the stream is live.
  #
  # Fan-out: every socket following an identifier in this process shares one pub/sub subscription
  # (InertiaSync::FanOut), and markers are spliced into their frame as they come (they are already
  # JSON, tiny, and the same for every subscriber). Action Cable's default handler instead posts one
  # callback per subscriber, then hops to the worker pool, decodes, instruments and re-encodes: about
  # 100 ms of CPU to deliver one marker to 1,000 sockets.
  #
  # Action Cable's test stub (streams kept in an Array) and other servers (AnyCable) get plain
  # +stream_from+.
  module LiveStream
    # The entry a fan-out stream leaves in the channel's +streams+ (which keeps counting and
    # <tt>streams.include?</tt> working, and tells +stop_stream_from+ whose stream it is).
    FanOutStream = Struct.new(:fan_out, :follower)

    def stop_stream_from(broadcasting)
      entry = streams[broadcasting] if streams.is_a?(Hash)
      return super unless entry.is_a?(FanOutStream)

      streams.delete(broadcasting)
      entry.fan_out.remove(broadcasting, entry.follower)
    end

    def stop_all_streams
      return super unless streams.is_a?(Hash)

      streams.select { |_, entry| entry.is_a?(FanOutStream) }.each_key { |name| stop_stream_from(name) }
      super
    end

    private
      # Streams from +name+ (as +stream_from+ does) and calls +on_live+ once broadcasts on it are
      # delivered to this subscription, on Action Cable's worker pool.
      def inertia_sync_stream_from(name, &on_live)
        return on_live.call if inertia_sync_streaming?(name)
        return stream_from(name).then { on_live.call } unless inertia_sync_live_confirmable?
        return if unsubscribed?

        fan_out = FanOut.for(pubsub, connection.server.event_loop)
        entry = streams[name] = FanOutStream.new(fan_out, inertia_sync_follower)
        fan_out.add(name, entry.follower) { connection.worker_pool.async_invoke(on_live, :call, connection: connection) }
      end

      def inertia_sync_follower
        @inertia_sync_follower ||= FanOut::Follower.new(connection.send(:websocket), "{\"identifier\":#{ActiveSupport::JSON.encode(identifier)},\"message\":")
      end

      # Action Cable's own server, whose stream internals this mirrors (Rails 7.2 to 8.1).
      def inertia_sync_live_confirmable?
        streams.is_a?(Hash) && !defined?(::AnyCable::Rails) && respond_to?(:pubsub, true) &&
          connection.respond_to?(:websocket, true)
      end
  end
end
