module InertiaSync
  # What is broadcast on an identifier's stream: the identifier, what happened, when, at which version,
  # and (only when known) the tab that caused it. Never any record data.
  module Marker
    ACTIONS = %w[create update destroy].freeze

    # When one transaction does several things to an identifier, the marker names the strongest.
    PRECEDENCE = { "update" => 0, "create" => 1, "destroy" => 2 }.freeze

    class << self
      def build(identifier:, action:, timestamp:, version:, origin: nil)
        marker = { identifier: identifier, action: action.to_s, timestamp: timestamp, version: version }
        marker[:origin] = origin if origin
        marker
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
