module InertiaSync
  # Assigns the version and broadcasts the markers of one committed transaction, when
  # <tt>config.broadcast_later</tt> is on. Carries the origin and commit time of the request that
  # enqueued it.
  class BroadcastJob < ActiveJob::Base
    discard_on ActiveJob::DeserializationError

    # +changes+ is [[identifier, action], ...].
    def perform(changes, timestamp, origin = nil)
      InertiaSync::Broadcaster.broadcast(changes.to_h, origin: origin, timestamp: timestamp)
    end
  end
end
