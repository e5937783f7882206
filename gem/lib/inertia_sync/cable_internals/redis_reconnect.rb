module InertiaSync
  module CableInternals
    # Prepended to Action Cable's Redis listener (the thread that holds the SUBSCRIBE connection).
    #
    # Action Cable retries a lost connection +reconnect_attempts+ times (1 unless cable.yml says
    # otherwise), then lets the thread end quietly: no marker reaches that process again until it
    # restarts. Unless the app set +reconnect_attempts+ itself, this retries for ever, waiting
    # BACKOFF between attempts (the listener joins every channel again once connected). Either way,
    # each lost connection is reported to the process's health check at once: Redis drops what is
    # published while nobody listens, so tabs must hear that markers may be lost.
    module RedisReconnect
      # Seconds before each attempt: quick for a blip, then every two seconds.
      BACKOFF = [ 0, 0.1, 0.25, 0.5, 1, 2 ].freeze

      # Action Cable's shutdown (a restart, a code reload in development) waits for the thread to
      # end: a listener that is still reconnecting stops at its next attempt.
      def shutdown
        @inertia_sync_stopping = true
        super
      end

      private
        def retry_connecting?
          return false if @inertia_sync_stopping

          InertiaSync::HealthCheck.report("Redis subscriber connection lost")
          return super if @adapter.send(:config_options).key?(:reconnect_attempts)

          @reconnect_attempt += 1
          sleep(BACKOFF[@reconnect_attempt - 1] || BACKOFF.last)
          true
        end
    end
  end
end
