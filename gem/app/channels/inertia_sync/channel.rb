module InertiaSync
  # The behaviour of the app's SyncChannel:
  #
  #   class SyncChannel < ApplicationCable::Channel
  #     include InertiaSync::Channel
  #   end
  #
  # Clients subscribe to the channel once per connection (a second subscription is rejected), then
  # perform +subscribe_to+ and +unsubscribe_from+ with <tt>{identifier}</tt>; see docs/protocol.md for
  # the replies. InertiaSync::SubscriptionGate decides each +subscribe_to+. Nothing a client sends
  # raises: every refusal is an +error+ reply with a +code+, and a +subscribe.inertia_sync+ notification.
  #
  # Commands take effect in the order sent (InertiaSync::Connection runs a connection's frames one at
  # a time), and the last reply for an identifier says its final state: a +subscribed+ reply still
  # waiting for its stream to go live is dropped when an +unsubscribe_from+ overtakes it.
  #
  # The identifiers a subscription holds are Action Cable's own record of its streams (each stream is
  # named exactly by its identifier), so there is no second copy to drift.
  module Channel
    extend ActiveSupport::Concern
    include LiveStream
    include Reauthorization
    include StoreFailure

    # Authorizes <tt>data["identifier"]</tt>, streams from it, and replies
    # <tt>{type: "subscribed", identifier:, version:}</tt>, or <tt>{type: "error", identifier:, error:, code:}</tt>.
    def subscribe_to(data)
      raw = inertia_sync_identifier_param(data)
      verdict = inertia_sync_gate.admit(raw, streams: streams)
      return inertia_sync_refuse(raw, verdict) unless verdict.allowed?

      name = verdict.identifier.to_s
      inertia_sync_lock.synchronize do
        # Already waiting for this stream: that confirmation answers this request too.
        next if inertia_sync_pending.key?(name)

        ticket = inertia_sync_pending[name] = Object.new
        inertia_sync_stream_from(name) { inertia_sync_confirm(name, ticket) }
      end
    rescue StandardError => error
      inertia_sync_failed(:subscribe_to, raw, error)
    end

    # Stops streaming from <tt>data["identifier"]</tt> and replies <tt>{type: "unsubscribed", identifier:}</tt>.
    def unsubscribe_from(data)
      raw = inertia_sync_identifier_param(data)
      identifier = Identifier.parse(raw) or return inertia_sync_transmit_error(raw, :invalid_identifier, SubscriptionGate::MESSAGES[:invalid_identifier])

      name = identifier.to_s
      inertia_sync_lock.synchronize do
        inertia_sync_pending.delete(name)
        stop_stream_from(name) if streams.include?(name)
        ActiveSupport::Notifications.instrument("unsubscribe.inertia_sync", identifier: name)
        transmit({ type: "unsubscribed", identifier: name })
      end
    rescue StandardError => error
      inertia_sync_failed(:unsubscribe_from, raw, error)
    end

    # Actions the channel does not have are answered, not logged with the client's data.
    def perform_action(data) # :nodoc:
      action = data["action"] if data.is_a?(Hash)
      return super if action.is_a?(String) && self.class.action_methods.include?(action)

      inertia_sync_transmit_error(nil, :unknown_action, SubscriptionGate::MESSAGES[:unknown_action])
    end

    private
      def subscribed
        if !InertiaSync.config.enabled
          ActiveSupport::Notifications.instrument("reject.inertia_sync", reason: :disabled)
          reject
        elsif params.keys.any? { |key| key != "channel" }
          # The protocol has no channel params: a padded identifier would only be logged whole.
          ActiveSupport::Notifications.instrument("reject.inertia_sync", reason: :params)
          reject
        elsif !inertia_sync_allowance.claim_channel(self, streams)
          ActiveSupport::Notifications.instrument("reject.inertia_sync", reason: :second_channel)
          reject
        end
      end

      def unsubscribed
        inertia_sync_allowance.release_channel(self)
      end

      # The subscription gate; +current_user+ is read for every decision.
      def inertia_sync_gate
        @inertia_sync_gate ||= SubscriptionGate.new(user: -> { inertia_sync_user }, allowance: inertia_sync_allowance)
      end

      # The connection's allowance (InertiaSync::Connection), or one for this channel alone when the
      # connection has none (Action Cable's test stub, a connection without InertiaSync::Connection).
      def inertia_sync_allowance
        @inertia_sync_allowance ||= (connection.inertia_sync_allowance if connection.respond_to?(:inertia_sync_allowance)) || Allowance.new
      end

      # Called once the stream is live, so a change is either in the version read now or in a later
      # marker. A ticket no longer pending was overtaken by an unsubscribe_from, which answered.
      def inertia_sync_confirm(name, ticket)
        inertia_sync_lock.synchronize do
          next unless inertia_sync_pending[name].equal?(ticket)

          inertia_sync_pending.delete(name)
          version = inertia_sync_version_of(name) or next
          ActiveSupport::Notifications.instrument("subscribe.inertia_sync", identifier: name, authorized: true, code: nil, version: version)
          InertiaSync.debug { "subscribed to #{name} at v#{version}" }
          transmit({ type: "subscribed", identifier: name, version: version })
        end
      rescue StandardError => error
        inertia_sync_failed(:subscribe_to, name, error)
      end

      def inertia_sync_refuse(raw, verdict)
        # A refused identifier this subscription was streaming (say, the user lost access) stops now.
        if verdict.code == :unauthorized && raw.is_a?(String) && streams.include?(raw)
          inertia_sync_lock.synchronize do
            inertia_sync_pending.delete(raw)
            stop_stream_from(raw)
          end
        end
        echo = inertia_sync_echo(raw)
        ActiveSupport::Notifications.instrument("subscribe.inertia_sync", identifier: echo, authorized: false, code: verdict.code.to_s)
        InertiaSync.debug { "refused #{echo.inspect}: #{verdict.code}" }
        inertia_sync_transmit_error(raw, verdict.code, verdict.message)
      end

      def inertia_sync_transmit_error(raw, code, message)
        transmit({ type: "error", identifier: inertia_sync_echo(raw), error: message, code: code.to_s })
      end

      # Unexpected failures (a database outage, a raising hook) are reported once, without the
      # client's input, and answered like a refusal.
      def inertia_sync_failed(action, raw, error)
        logger.warn("[InertiaSync] #{action} failed: #{error.class}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
        inertia_sync_transmit_error(raw, :unauthorized, SubscriptionGate::MESSAGES[:unauthorized])
      rescue StandardError
        nil
      end

      def inertia_sync_identifier_param(data)
        data["identifier"] if data.is_a?(Hash)
      end

      # The identifier is echoed only when it is a printable-size, well-encoded string.
      def inertia_sync_echo(raw)
        raw if raw.is_a?(String) && raw.length <= Identifier::MAX_LENGTH && raw.valid_encoding?
      end

      # The user as stored now (see InertiaSync::Reauthorization), not as loaded at connect.
      def inertia_sync_user
        inertia_sync_fresh_user
      end

      # Identifiers whose +subscribed+ reply waits for the stream to go live, each with its ticket.
      def inertia_sync_pending
        @inertia_sync_pending ||= {}
      end

      # Commands run on one worker at a time, but live confirmations arrive on another.
      def inertia_sync_lock
        @inertia_sync_lock ||= Monitor.new
      end

      # Action Cable's streams: a Hash keyed by name in the server, an Array in its test stub.
      def inertia_sync_streaming?(name)
        streams.include?(name)
      end
  end
end
