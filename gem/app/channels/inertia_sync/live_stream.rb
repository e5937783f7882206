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
  # What this needs of Action Cable's internals is in InertiaSync::CableInternals; where those are
  # not the known ones (Action Cable's test stub, AnyCable, an unknown Rails) it falls back to plain
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
        return stream_from(name).then { on_live.call } unless CableInternals.usable?(self)
        return if unsubscribed?

        fan_out = FanOut.for(CableInternals.pubsub(self), CableInternals.event_loop(connection))
        entry = streams[name] = FanOutStream.new(fan_out, inertia_sync_follower)
        fan_out.add(name, entry.follower) { CableInternals.invoke(connection, on_live) }
      end

      def inertia_sync_follower
        @inertia_sync_follower ||= FanOut::Follower.new(CableInternals.socket(connection), "{\"identifier\":#{ActiveSupport::JSON.encode(identifier)},\"message\":")
      end
  end
end
