module InertiaSync
  # A parsed identifier: <tt>Model:id</tt>, <tt>Model:all</tt> or <tt>Model:id/collection</tt>.
  #
  #   InertiaSync::Identifier.parse("Account:PNvAYr/account_users")
  #   # => #<InertiaSync::Identifier Account:PNvAYr/account_users>
  #   InertiaSync::Identifier.parse("Kernel:1/../x") # => nil
  class Identifier
    # The longest identifier accepted, in characters.
    MAX_LENGTH = 200
    # The grammar of docs/protocol.md, anchored to the whole string (\A and \z, so no multi-line tricks).
    PATTERN = %r{\A(?<model>[A-Z][A-Za-z0-9]*(?:::[A-Z][A-Za-z0-9]*)*):(?<id>all|[A-Za-z0-9_-]{1,64})(?:/(?<collection>[a-z_][a-z0-9_]{0,63}))?\z}

    class << self
      # Returns an Identifier for a well-formed string, nil for anything else (any type, any length).
      def parse(value)
        return unless value.is_a?(String) && value.length <= MAX_LENGTH && value.valid_encoding?

        if (match = PATTERN.match(value))
          new(match[:model], match[:id], match[:collection])
        end
      end

      def valid?(value)
        !parse(value).nil?
      end

      # Builds the identifier string of a record, an +:all+ collection, or a record's collection.
      def build(model_name, id, collection = nil)
        collection ? "#{model_name}:#{id}/#{collection}" : "#{model_name}:#{id}"
      end
    end

    attr_reader :model_name, :id, :collection

    def initialize(model_name, id, collection = nil)
      @model_name, @id, @collection = model_name, id, collection
      freeze
    end

    def all?
      id == "all"
    end

    def collection?
      !collection.nil?
    end

    def to_s
      self.class.build(model_name, id, collection)
    end

    def inspect
      "#<#{self.class.name} #{self}>"
    end
  end
end
