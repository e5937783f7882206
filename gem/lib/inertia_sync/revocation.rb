module InertiaSync
  # Takes access away from open sockets, in every server process: a revocation is published on one
  # pub/sub stream that each process listens to once (not once per socket), and each process applies it
  # to the subscriptions its AccessDirectory holds under the revoked key.
  #
  # Three kinds, from the mildest:
  #
  # * +reauthorize+ (a user): every identifier the user's subscriptions follow is checked again with the
  #   user as stored now; those no longer allowed end with <tt>{"type":"unsubscribed","code":"unauthorized"}</tt>.
  # * +sign_out+ (a user): the user's sockets are closed and told to reconnect; those whose session is
  #   still valid authenticate again, the others are refused.
  # * +end_session+ (a session): the sockets the session authenticated are closed, and told not to
  #   reconnect.
  #
  # The stream's name does not match the identifier grammar, so no client can follow it.
  module Revocation
    STREAM = "inertia_sync:revocations"
    KINDS = %w[reauthorize sign_out end_session].freeze

    class << self
      # The key a record goes by in revocations: its base class name and primary key, "User#3".
      def key_of(record)
        key_for(record.class, record.id) if record
      end

      def key_for(model, id)
        "#{model.respond_to?(:base_class) ? model.base_class.name : model.name}##{id}" unless id.nil?
      end

      # Publishes a revocation of +kind+ for +records+ (or their keys) to every process. A pub/sub that
      # cannot be reached is logged and reported, never raised: a logout must not fail because of it
      # (the periodic check still catches what was missed).
      def publish(kind, records)
        kind = kind.to_s
        raise ArgumentError, "unknown revocation #{kind.inspect}" unless KINDS.include?(kind)

        keys = Array.wrap(records).map { |record| record.is_a?(String) ? record : key_of(record) }.compact.uniq
        return false if keys.empty?

        ActionCable.server.pubsub.broadcast(STREAM, JSON.generate(kind: kind, keys: keys))
        InertiaSync.debug { "revocation #{kind} #{keys.join(", ")}" }
        true
      rescue StandardError => error
        InertiaSync.logger.error("[InertiaSync] could not publish #{kind} for #{keys&.join(", ")}: #{error.class}: #{error.message}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
        false
      end

      def directory
        @directory ||= AccessDirectory.new
      end

      # Registers +subscription+ (a SyncChannel) under +keys+, and makes sure this process listens.
      def register(subscription, keys, pubsub)
        listen(pubsub)
        directory.add(subscription, keys)
      end

      def unregister(subscription)
        directory.remove(subscription)
      end

      # Applies a published revocation to this process's subscriptions.
      def receive(message)
        data = JSON.parse(message)
        kind, keys = data["kind"], Array(data["keys"])
        return unless KINDS.include?(kind)

        keys.flat_map { |key| directory.subscriptions_for(key) }.uniq.each do |subscription|
          subscription.inertia_sync_revoke(kind.to_sym)
        end
      rescue StandardError => error
        InertiaSync.logger.warn("[InertiaSync] could not apply a revocation: #{error.class}: #{error.message}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
      end

      private
        LISTEN_LOCK = Mutex.new

        def listen(pubsub)
          LISTEN_LOCK.synchronize do
            return if @listening.equal?(pubsub)

            @listening = pubsub
            pubsub.subscribe(STREAM, ->(message) { receive(message) })
          end
        end
    end
  end
end
