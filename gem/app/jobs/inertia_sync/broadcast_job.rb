module InertiaSync
  # Assigns the version and broadcasts the markers of one committed transaction, when
  # <tt>config.broadcast_later</tt> is on. Carries the commit time of the transaction that enqueued it.
  class BroadcastJob < ActiveJob::Base
    discard_on ActiveJob::DeserializationError

    # +changes+ is [[identifier, action], ...]. Jobs enqueued by an older version carry a third
    # argument (a tab id), which is ignored.
    def perform(changes, timestamp, _ignored = nil)
      InertiaSync::Broadcaster.broadcast(changes.to_h, timestamp: timestamp)
    end
  end
end
