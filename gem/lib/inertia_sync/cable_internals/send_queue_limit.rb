module InertiaSync
  module CableInternals
    # Prepended to Action Cable's connection stream. A socket whose client stops reading fills the
    # kernel's buffers, then Action Cable's own queue, which has no bound: every marker and reply
    # sent to it stays in the server's memory. Once <tt>config.max_send_queue</tt> frames wait, the
    # socket is closed instead (from the event loop, as Action Cable closes a socket its client left),
    # and one warning is logged. 0 turns the bound off.
    module SendQueueLimit
      def write(data)
        return 0 if @inertia_sync_dropped
        return super if @write_buffer.empty?

        limit = InertiaSync.config.max_send_queue.to_i
        return super unless limit.positive? && @write_buffer.size >= limit

        inertia_sync_drop_slow_reader(limit)
        0
      end

      private
        def inertia_sync_drop_slow_reader(limit)
          return if @inertia_sync_dropped

          @inertia_sync_dropped = true
          InertiaSync.logger.warn("[InertiaSync] closed a WebSocket whose client stopped reading (#{limit} frames waiting)")
          @event_loop.post { close }
        end
    end
  end
end
