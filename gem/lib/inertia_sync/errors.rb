module InertiaSync
  # Base class of the errors this gem raises.
  class Error < StandardError; end

  # An unknown option, or an option with a value of the wrong kind.
  class ConfigurationError < Error; end
end
