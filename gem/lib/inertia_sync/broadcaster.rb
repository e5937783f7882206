module InertiaSync
  # Sends the markers of one committed transaction: assigns their shared version, then broadcasts one
  # marker per identifier on the identifier's own stream.
  module Broadcaster
    class << self
      # +changes+ is { identifier => action }. Runs inline, or enqueues InertiaSync::BroadcastJob when
      # <tt>config.broadcast_later</tt> is on (and the caller is not inside InertiaSync.with_inline_broadcasts).
      def dispatch(changes, timestamp: Time.now.to_i)
        return if changes.empty?

        config = InertiaSync.config
        if config.broadcast_later && !InertiaSync.inline_broadcasts?
          InertiaSync::BroadcastJob.perform_later(changes.to_a, timestamp)
        else
          publish(changes, timestamp, config.debug)
        end
      end

      # Assigns the version and broadcasts now. Returns the markers sent. When the version store or
      # the pub/sub fails, the process's health check hears of it at once (its tabs are told, and
      # converge when both are back), and the error is raised to the caller.
      def broadcast(changes, timestamp: Time.now.to_i)
        publish(changes.to_h, timestamp, InertiaSync.config.debug)
      end

      private
        # The configuration is read once per commit by the caller: reading it goes through the Rails
        # app's config, and this runs after every commit.
        def publish(changes, timestamp, debug)
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
              InertiaSync.debug { "broadcast #{marker[:identifier]} #{marker[:action]} v#{version}" } if debug
            end
          end
          markers
        rescue StandardError => error
          HealthCheck.report(error)
          raise
        end
    end
  end
end
