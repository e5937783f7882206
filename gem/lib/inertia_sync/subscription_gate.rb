module InertiaSync
  # Decides whether one connection may stream an identifier. SyncChannel asks it for every
  # +subscribe_to+; it holds no streams itself and changes nothing but the rate counters.
  #
  #   gate = InertiaSync::SubscriptionGate.new(user: -> { current_user }, allowance: allowance)
  #   verdict = gate.admit("Account:PNvAYr", streams: streams)
  #   verdict.allowed?    # => true
  #   verdict.identifier  # => #<InertiaSync::Identifier Account:PNvAYr>
  #   gate.admit("Kernel:1/../x", streams: streams).code # => :invalid_identifier
  #
  # The checks, in order: sync enabled, rate (per connection and per user), grammar, registered
  # model, declared collection, subscription limit (per connection and per user), and the model's
  # authorization hook. +authorized?+ is the last check alone, for re-checking a stream already held.
  class SubscriptionGate
    # What a refusal says to the client, by code (docs/protocol.md lists the codes).
    MESSAGES = {
      invalid_identifier: "Invalid identifier",
      unknown_model: "Unknown model",
      unknown_collection: "Unknown collection",
      all_not_declared: "This model does not broadcast to :all",
      unauthorized: "Unauthorized",
      limit_reached: "Subscription limit reached",
      rate_limited: "Too many subscription requests",
      disabled: "Sync is disabled",
      unknown_action: "Unknown action",
      # Not a refusal: the version store failed (see InertiaSync::StoreFailure); the client asks again.
      unavailable: "Temporarily unavailable, try again"
    }.freeze

    # The answer to one +admit+: an identifier when allowed, else a refusal +code+ (a key of MESSAGES).
    Verdict = Struct.new(:identifier, :code) do
      def allowed?
        code.nil?
      end

      def message
        MESSAGES.fetch(code) if code
      end
    end

    # +user+ is called for every decision, so that a caller can hand in fresh user state.
    # +allowance+ is the connection's InertiaSync::Allowance (rates and limits).
    def initialize(user:, allowance:)
      @user = user
      @allowance = allowance
    end

    # Checks +raw+ (anything a client sent) for a connection whose channel holds +streams+ (answers
    # +include?(name)+ and +size+). Counts one request against the rate limits.
    def admit(raw, streams:)
      return refuse(:disabled) unless InertiaSync.config.enabled
      return refuse(:rate_limited) unless @allowance.allow_request?

      identifier = Identifier.parse(raw) or return refuse(:invalid_identifier)
      model = InertiaSync.registry.model(identifier.model_name) or return refuse(:unknown_model)
      if (code = collection_refusal(model, identifier))
        return refuse(code)
      end
      return refuse(:limit_reached) if !streams.include?(identifier.to_s) && !@allowance.room_for_stream?(streams.size)
      return refuse(:unauthorized) unless authorized?(identifier)

      Verdict.new(identifier, nil)
    end

    # Whether the user may (still) stream +identifier+ (an InertiaSync::Identifier of a registered model).
    def authorized?(identifier)
      model = InertiaSync.registry.model(identifier.model_name)
      model ? Authorization.allowed?(@user.call, model, identifier) : false
    end

    private
      def refuse(code)
        Verdict.new(nil, code)
      end

      def collection_refusal(model, identifier)
        if identifier.collection?
          :unknown_collection unless !identifier.all? && InertiaSync.registry.collections_for(model).key?(identifier.collection)
        elsif identifier.all?
          :all_not_declared unless model.inertia_sync_to_all
        end
      end
  end
end
