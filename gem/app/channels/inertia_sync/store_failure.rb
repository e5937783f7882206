module InertiaSync
  # A +subscribe_to+ whose version cannot be read: the version store failed, and the process's
  # InertiaSync::HealthCheck has not noticed yet (once it has, replies wait for its recovery). The
  # identifier is not refused: the reply is <tt>{"type":"error","code":"unavailable"}</tt>, a
  # transient error the client answers by asking again with backoff, and the stream stops, so the
  # server holds what the reply says. The health check is told at once (it then warns tabs that
  # markers may be lost), and the log says it once per outage, without a backtrace.
  module StoreFailure
    LOCK = Mutex.new
    @failing = false

    class << self
      # Logs the failure unless it is already logged for this outage.
      def failed(error, logger)
        first = LOCK.synchronize { !@failing.tap { @failing = true } }
        return unless first

        logger.warn("[InertiaSync] version store unavailable (#{error.class}): subscribe_to is answered " \
          "\"unavailable\" and the tabs ask again")
      end

      # A version was read: the next failure is a new outage.
      def answered
        LOCK.synchronize { @failing = false } if @failing
      end
    end

    private
      # The identifier's version; nil once the failure was answered +unavailable+.
      def inertia_sync_version_of(name)
        InertiaSync.version_store.version_of(name).tap { StoreFailure.answered }
      rescue StandardError => error
        inertia_sync_unavailable(name, error)
        nil
      end

      def inertia_sync_unavailable(name, error)
        stop_stream_from(name) if inertia_sync_streaming?(name)
        StoreFailure.failed(error, logger)
        HealthCheck.report(error)
        ActiveSupport::Notifications.instrument("subscribe.inertia_sync", identifier: name, authorized: true, code: "unavailable")
        inertia_sync_transmit_error(name, :unavailable, SubscriptionGate::MESSAGES[:unavailable])
      end
  end
end
