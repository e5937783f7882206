module InertiaSync
  # Keeps a SyncChannel subscription's access current after it subscribed. Included by
  # InertiaSync::Channel.
  #
  # * Authorization uses the user as stored now (+inertia_sync_fresh_user+), not the object loaded
  #   when the socket connected: a demoted admin, a removed member is refused at once.
  # * Revocations (InertiaSync.reauthorize, .sign_out, .end_session, published from any process) reach
  #   the subscription through InertiaSync::Revocation, which finds it by its user's and session's keys.
  # * Every <tt>config.reauthorize_interval</tt> seconds the subscription checks itself again, as a
  #   safety net for changes nobody announced (sessions deleted with +delete_all+, say).
  #
  # An identifier the user lost ends with <tt>{"type":"unsubscribed","identifier":...,"code":"unauthorized"}</tt>
  # and its stream stops; a socket whose session or user is gone is closed and told not to reconnect.
  module Reauthorization
    extend ActiveSupport::Concern

    included do
      after_subscribe :inertia_sync_start_access_checks, unless: :subscription_rejected?
      after_unsubscribe :inertia_sync_stop_access_checks
    end

    # Applies a revocation of +kind+ (:reauthorize, :sign_out, :end_session). Called by
    # InertiaSync::Revocation on the pub/sub's thread: the checks themselves run on Action Cable's
    # worker pool.
    def inertia_sync_revoke(kind)
      case kind
      when :end_session then inertia_sync_close(reconnect: false)
      when :sign_out then inertia_sync_close(reconnect: true)
      when :reauthorize then inertia_sync_later(:inertia_sync_reauthorize)
      end
    end

    # Checks every identifier this subscription streams again, with the user as stored now.
    def inertia_sync_reauthorize
      @inertia_sync_recheck_queued = false
      return if unsubscribed?
      return inertia_sync_close(reconnect: false) unless (user = inertia_sync_fresh_user)

      gate = SubscriptionGate.new(user: -> { user }, allowance: inertia_sync_allowance)
      inertia_sync_streamed_identifiers.each do |name|
        identifier = Identifier.parse(name)
        inertia_sync_end_subscription(name) unless identifier && gate.authorized?(identifier)
      end
    rescue StandardError => error
      # A database outage must not end every subscription: keep them, and try again next time.
      logger.warn("[InertiaSync] re-authorization failed: #{error.class}")
      ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
    end

    # A connection found without a valid user while performing an action is closed once the action
    # has replied.
    def perform_action(data)
      super
    ensure
      inertia_sync_close(reconnect: false) if @inertia_sync_user_lost
    end

    private
      # The user as stored now, or nil. A connection whose user can no longer be verified (session
      # destroyed, user deleted) is closed: at once here, after its reply in an action.
      def inertia_sync_fresh_user
        return unless respond_to?(:current_user, true) && (connected_as = current_user)

        user = connection.respond_to?(:inertia_sync_reverified_user) ? connection.inertia_sync_reverified_user : connected_as.class.find_by(id: connected_as.id)
        @inertia_sync_user_lost = true if user.nil?
        user
      end

      def inertia_sync_start_access_checks
        keys = [ (Revocation.key_of(current_user) if respond_to?(:current_user, true)) ]
        keys << connection.inertia_sync_session_key if connection.respond_to?(:inertia_sync_session_key)
        Revocation.register(self, keys, ActionCable.server.pubsub)
        inertia_sync_start_access_timer
      end

      def inertia_sync_stop_access_checks
        Revocation.unregister(self)
        @inertia_sync_access_timer&.shutdown
      end

      def inertia_sync_start_access_timer
        interval = InertiaSync.config.reauthorize_interval.to_f
        return unless interval.positive? && connection.respond_to?(:server) && connection.server.respond_to?(:event_loop)

        @inertia_sync_access_timer = connection.server.event_loop.timer(interval) { inertia_sync_later(:inertia_sync_reauthorize) }
      end

      # The steps of unsubscribe_from, under the same lock, with the reason in the reply.
      def inertia_sync_end_subscription(name)
        inertia_sync_lock.synchronize do
          inertia_sync_pending.delete(name)
          stop_stream_from(name) if streams.include?(name)
          ActiveSupport::Notifications.instrument("unsubscribe.inertia_sync", identifier: name, code: "unauthorized")
          InertiaSync.debug { "ended #{name}: unauthorized" }
          transmit({ type: "unsubscribed", identifier: name, code: "unauthorized" })
        end
      end

      # Action Cable's streams: a Hash keyed by name in the server, an Array in its test stub.
      def inertia_sync_streamed_identifiers
        streams.is_a?(Hash) ? streams.keys : streams.dup
      end

      def inertia_sync_close(reconnect:)
        return unless connection.respond_to?(:close)

        InertiaSync.debug { "closing a connection (reconnect: #{reconnect})" }
        connection.close(reason: ActionCable::INTERNAL[:disconnect_reasons][:unauthorized], reconnect: reconnect)
      end

      # Runs +method+ in turn with the connection's commands (InertiaSync::Connection), else on Action
      # Cable's worker pool, else (its test stub) at once. A re-check already waiting covers a second.
      def inertia_sync_later(method)
        return if @inertia_sync_recheck_queued

        @inertia_sync_recheck_queued = true
        if connection.respond_to?(:inertia_sync_in_turn)
          connection.inertia_sync_in_turn { public_send(method) }
        elsif connection.respond_to?(:worker_pool)
          connection.worker_pool.async_invoke(self, method, connection: connection)
        else
          public_send(method)
        end
      end
  end
end
