module InertiaSync
  # The behaviour of the app's SyncChannel:
  #
  #   class SyncChannel < ApplicationCable::Channel
  #     include InertiaSync::Channel
  #   end
  #
  # Clients subscribe to the channel once per tab, then perform +subscribe_to+ and +unsubscribe_from+
  # with <tt>{identifier}</tt>; see docs/protocol.md for the replies. Each identifier is checked in
  # turn for: rate, grammar, registered model, declared collection, subscription limit, and the
  # model's authorization hook. Nothing a client sends raises: every refusal is an +error+ reply with a
  # +code+, and a +subscribe.inertia_sync+ notification.
  #
  # The channel keeps no list of its own: the identifiers a subscription holds are Action Cable's own
  # record of its streams (each stream is named exactly by its identifier), so there is no second copy
  # to drift. Servers that rebuild the channel on every call (AnyCable) keep streams outside the Ruby
  # object; there the subscription limit should be enforced by the server's own stream limits. The
  # rate limiter is per channel instance for the same reason: a defence, not a correctness property.
  module Channel
    extend ActiveSupport::Concern
    include LiveStream
    include Reauthorization

    ERRORS = {
      invalid_identifier: "Invalid identifier",
      unknown_model: "Unknown model",
      unknown_collection: "Unknown collection",
      unauthorized: "Unauthorized",
      limit_reached: "Subscription limit reached",
      rate_limited: "Too many subscription requests",
      disabled: "Sync is disabled"
    }.freeze

    # Authorizes <tt>data["identifier"]</tt>, streams from it, and replies
    # <tt>{type: "subscribed", identifier:, version:}</tt>, or <tt>{type: "error", identifier:, error:, code:}</tt>.
    def subscribe_to(data)
      raw = inertia_sync_identifier_param(data)
      code, identifier = inertia_sync_check(raw)

      if code
        inertia_sync_refuse(raw, code)
      else
        name = identifier.to_s
        inertia_sync_stream_from(name) { inertia_sync_confirm(name, raw) }
      end
    rescue StandardError => error
      inertia_sync_failed(:subscribe_to, raw, error)
    end

    # Stops streaming from <tt>data["identifier"]</tt> and replies <tt>{type: "unsubscribed", identifier:}</tt>.
    def unsubscribe_from(data)
      raw = inertia_sync_identifier_param(data)
      if (identifier = Identifier.parse(raw))
        name = identifier.to_s
        stop_stream_from(name) if inertia_sync_streaming?(name)
        ActiveSupport::Notifications.instrument("unsubscribe.inertia_sync", identifier: name)
        transmit({ type: "unsubscribed", identifier: name })
      else
        inertia_sync_transmit_error(raw, :invalid_identifier)
      end
    rescue StandardError => error
      inertia_sync_failed(:unsubscribe_from, raw, error)
    end

    private
      # Read once the stream is live, so a change is either in this version or in a later marker.
      def inertia_sync_confirm(name, raw)
        version = InertiaSync.version_store.version_of(name)
        ActiveSupport::Notifications.instrument("subscribe.inertia_sync", identifier: name, authorized: true, code: nil, version: version)
        InertiaSync.debug { "subscribed to #{name} at v#{version}" }
        transmit({ type: "subscribed", identifier: name, version: version })
      rescue StandardError => error
        inertia_sync_failed(:subscribe_to, raw, error)
      end

      def subscribed
        unless InertiaSync.config.enabled
          ActiveSupport::Notifications.instrument("reject.inertia_sync", reason: :disabled)
          reject
        end
      end

      # Returns [code, nil] for a refusal, [nil, identifier] when the subscription may go ahead.
      def inertia_sync_check(raw)
        return :disabled unless InertiaSync.config.enabled
        return :rate_limited unless inertia_sync_rate_limiter.allow?

        identifier = Identifier.parse(raw) or return :invalid_identifier
        model = InertiaSync.registry.model(identifier.model_name) or return :unknown_model
        return :unknown_collection unless inertia_sync_known_collection?(model, identifier)

        if !inertia_sync_streaming?(identifier.to_s) && inertia_sync_stream_count >= InertiaSync.config.max_subscriptions
          return :limit_reached
        end
        return :unauthorized unless Authorization.allowed?(inertia_sync_user, model, identifier)

        [ nil, identifier ]
      end

      def inertia_sync_known_collection?(model, identifier)
        if identifier.collection?
          !identifier.all? && InertiaSync.registry.collections_for(model).key?(identifier.collection)
        elsif identifier.all?
          model.inertia_sync_to_all
        else
          true
        end
      end

      def inertia_sync_refuse(raw, code)
        # A refused identifier this subscription was streaming (say, the user lost access) stops now.
        stop_stream_from(raw) if code == :unauthorized && raw.is_a?(String) && inertia_sync_streaming?(raw)
        ActiveSupport::Notifications.instrument("subscribe.inertia_sync", identifier: inertia_sync_echo(raw), authorized: false, code: code.to_s)
        InertiaSync.debug { "refused #{inertia_sync_echo(raw).inspect}: #{code}" }
        inertia_sync_transmit_error(raw, code)
      end

      def inertia_sync_transmit_error(raw, code)
        transmit({ type: "error", identifier: inertia_sync_echo(raw), error: ERRORS.fetch(code), code: code.to_s })
      end

      # Unexpected failures (a database outage, a raising hook) are reported once, without the
      # client's input, and answered like a refusal.
      def inertia_sync_failed(action, raw, error)
        logger.warn("[InertiaSync] #{action} failed: #{error.class}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
        inertia_sync_transmit_error(raw, :unauthorized)
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

      def inertia_sync_rate_limiter
        @inertia_sync_rate_limiter ||= RateLimiter.new(limit: InertiaSync.config.subscribe_rate_limit, period: InertiaSync.config.subscribe_rate_period)
      end

      # Action Cable's streams: a Hash keyed by name in the server, an Array in its test stub.
      def inertia_sync_streaming?(name)
        streams.include?(name)
      end

      def inertia_sync_stream_count
        streams.size
      end
  end
end
