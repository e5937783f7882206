module InertiaSync
  # Assigns the version and broadcasts the markers of one committed transaction, when
  # <tt>config.broadcast_later</tt> is on. Carries the origin and commit time of the request that
  # enqueued it.
  class BroadcastJob < ActiveJob::Base
    discard_on ActiveJob::DeserializationError

    # A pub/sub or version store outage: try again, at a fresh version. Sockets in the servers that
    # saw the outage converge anyway once it ends (InertiaSync::HealthCheck re-sends every version);
    # the retry covers an outage only this worker saw. Past the last attempt the job fails as usual
    # (the queue's failed-job list and the error reporter say so).
    retry_on StandardError, wait: :polynomially_longer, attempts: 10

    # +changes+ is [[identifier, action], ...].
    def perform(changes, timestamp, origin = nil)
      InertiaSync::Broadcaster.broadcast(changes.to_h, origin: origin, timestamp: timestamp)
    end
  end
end
