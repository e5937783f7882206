module InertiaSync
  # Turns one client frame into an Action Cable command, or says why it is not one, before Action
  # Cable decodes it (whose decoding errors end in a stack trace and no reply).
  #
  #   decoder = InertiaSync::CommandDecoder.new(max_bytes: 4096)
  #   decoder.decode('{"command":"subscribe","identifier":"{\"channel\":\"SyncChannel\"}"}')
  #   # => {"command" => "subscribe", "identifier" => "{\"channel\":\"SyncChannel\"}"}
  #   decoder.decode("x" * 5000) # => :message_too_large
  #   decoder.decode("[1")       # => :invalid_message
  #
  # A command is a JSON object with a +command+ of subscribe, unsubscribe or message, an +identifier+
  # that is a JSON object naming a +channel+, and for +message+ a +data+ that is a JSON object. JSON
  # with duplicate keys, lone surrogates, invalid UTF-8 or nesting over MAX_NESTING is invalid.
  class CommandDecoder
    COMMANDS = %w[subscribe unsubscribe message].freeze
    MAX_NESTING = 100

    def initialize(max_bytes:)
      @max_bytes = max_bytes
    end

    attr_reader :max_bytes

    # The +channel+ named by a decoded command's identifier.
    def channel_name(command)
      parse_object(command["identifier"])&.fetch("channel")
    end

    # Returns the command Hash, or :message_too_large, or :invalid_message.
    def decode(frame)
      return :invalid_message unless frame.is_a?(String)
      return :message_too_large if frame.bytesize > @max_bytes

      command = parse_object(frame) or return :invalid_message
      valid?(command) ? command : :invalid_message
    end

    private
      def valid?(command)
        return false unless COMMANDS.include?(command["command"])

        identifier = parse_object(command["identifier"])
        return false unless identifier && identifier["channel"].is_a?(String)

        command["command"] != "message" || parse_object(command["data"]).is_a?(Hash)
      end

      def parse_object(json)
        return unless json.is_a?(String) && json.valid_encoding?

        value = JSON.parse(json, max_nesting: MAX_NESTING, allow_duplicate_key: false, allow_nan: false)
        value if value.is_a?(Hash) && well_encoded?(value)
      rescue JSON::ParserError, EncodingError, ArgumentError
        nil
      end

      # Older json versions decode a lone surrogate into a string that is not valid UTF-8.
      def well_encoded?(value)
        case value
        when String then value.valid_encoding?
        when Hash then value.all? { |key, item| well_encoded?(key) && well_encoded?(item) }
        when Array then value.all? { |item| well_encoded?(item) }
        else true
        end
      end
  end
end
