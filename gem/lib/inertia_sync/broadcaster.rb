module InertiaSync
  # Sends the markers of one committed transaction: assigns their shared version, then broadcasts one
  # marker per identifier on the identifier's own stream.
  module Broadcaster
    class << self
      # +changes+ is { identifier => action }. Runs inline, or enqueues InertiaSync::BroadcastJob when
      # <tt>config.broadcast_later</tt> is on (and the caller is not inside InertiaSync.with_inline_broadcasts).
      def dispatch(changes, timestamp: Time.now.to_i)
        return if changes.empty?

        if InertiaSync.config.broadcast_later && !InertiaSync.inline_broadcasts?
          InertiaSync::BroadcastJob.perform_later(changes.to_a, timestamp)
        else
          broadcast(changes, timestamp: timestamp)
        end
      end

      # Assigns the version and broadcasts now. Returns the markers sent.
      def broadcast(changes, timestamp: Time.now.to_i)
        changes = changes.to_h
        return [] if changes.empty?

        version = InertiaSync.version_store.next_version(changes.keys)
        markers = changes.map do |identifier, action|
          Marker.build(identifier: identifier, action: action, timestamp: timestamp, version: version)
        end

        ActiveSupport::Notifications.instrument("broadcast.inertia_sync", markers: markers, version: version) do
          pubsub = ActionCable.server.pubsub
          markers.each do |marker|
            # What ActionCable.server.broadcast would publish, without its per-call logging and
            # instrumentation: markers are flat hashes of strings and integers, so plain JSON is exact.
            pubsub.broadcast(marker[:identifier], JSON.generate(marker))
            InertiaSync.debug { "broadcast #{marker[:identifier]} #{marker[:action]} v#{version}" }
          end
        end
        markers
      end
    end
  end
end
