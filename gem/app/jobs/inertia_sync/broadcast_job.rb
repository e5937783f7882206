module InertiaSync
  # Assigns the version and broadcasts the markers of one committed transaction, when
  # <tt>config.broadcast_later</tt> is on. Carries the commit time of the transaction that enqueued it.
  class BroadcastJob < ActiveJob::Base
    discard_on ActiveJob::DeserializationError

    # A pub/sub or version store outage: try again, at a fresh version. Sockets in the servers that
    # saw the outage converge anyway once it ends (InertiaSync::HealthCheck re-sends every version);
    # the retry covers an outage only this worker saw. Past the last attempt the job fails as usual
    # (the queue's failed-job list and the error reporter say so).
    retry_on StandardError, wait: :polynomially_longer, attempts: 10

    # +changes+ is [[identifier, action], ...]. Jobs enqueued by an older version carry a third
    # argument (a tab id), which is ignored.
    def perform(changes, timestamp, _ignored = nil)
      InertiaSync::Broadcaster.broadcast(changes.to_h, timestamp: timestamp)
    end
  end
end
