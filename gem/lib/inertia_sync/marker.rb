module InertiaSync
  # What is broadcast on an identifier's stream: the identifier, what happened, when, and at which
  # version. Never any record data, and nothing about who made the change (no tab id: any follower
  # would read it, and could replay it to make that tab skip markers).
  module Marker
    ACTIONS = %w[create update destroy].freeze

    # When one transaction does several things to an identifier, the marker names the strongest.
    PRECEDENCE = { "update" => 0, "create" => 1, "destroy" => 2 }.freeze

    class << self
      def build(identifier:, action:, timestamp:, version:)
        { identifier: identifier, action: action.to_s, timestamp: timestamp, version: version }
      end

      def strongest(current, action)
        current && PRECEDENCE.fetch(current) >= PRECEDENCE.fetch(action) ? current : action
      end

      def validate_action!(action)
        ACTIONS.include?(action.to_s) or raise ArgumentError, "action must be one of #{ACTIONS.join(", ")}, got #{action.inspect}"
        action.to_s
      end
    end
  end
end
