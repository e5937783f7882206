module InertiaSync
  module VersionStore
    # Versions in a Rails cache store (Solid Cache, Memcached, Redis cache...), for apps whose cable
    # does not run on Redis. The sequence uses the store's atomic +increment+.
    #
    # Caveat: identifiers are written with +write_multi+, which has no compare-and-set, so two
    # transactions touching the same identifier at the same instant may leave it at the older of the
    # two versions. Markers still carry the right versions; only a +subscribed+ reply in that instant
    # can understate one. Prefer the Redis store when Redis is available. An identifier with no entry
    # (never changed, or evicted) reads as the floor the sequence started from (see VersionStore.floor).
    class Cache
      attr_reader :cache

      def initialize(cache, namespace: KEY_PREFIX)
        @cache = cache
        @sequence_key = "#{namespace}:seq"
        @floor_key = "#{namespace}:floor"
        @version_prefix = "#{namespace}:v:"
      end

      def next_version(identifiers)
        # Some stores' increment creates a missing key at 1: start the sequence at the clock first.
        @started ||= initialize_sequence
        version = cache.increment(@sequence_key, 1) || initialize_and_increment
        cache.write_multi(identifiers.index_by { |identifier| version_key(identifier) }.transform_values { version }) if identifiers.any?
        version
      end

      def version_of(identifier)
        (cache.read(version_key(identifier)) || floor).to_i
      end

      def current
        (cache.read(@sequence_key, raw: true) || (initialize_sequence && cache.read(@sequence_key, raw: true))).to_i
      end

      def clear!
        @started = false
        cache.delete(@sequence_key)
        cache.delete(@floor_key)
        cache.delete_matched("#{@version_prefix}*") rescue nil
      end

      private
        def version_key(identifier)
          "#{@version_prefix}#{identifier}"
        end

        def floor
          cache.read(@floor_key, raw: true) || (initialize_sequence && cache.read(@floor_key, raw: true))
        end

        # A missing sequence starts at the clock; the first writer also records that as the floor.
        def initialize_sequence
          start = VersionStore.floor
          cache.write(@floor_key, start, raw: true) if cache.write(@sequence_key, start, raw: true, unless_exist: true)
          true
        end

        # Stores whose increment does not create missing keys: create it, then increment atomically.
        def initialize_and_increment
          initialize_sequence
          cache.increment(@sequence_key, 1) or raise Error, "#{cache.class} cannot increment #{@sequence_key}"
        end
    end
  end
end
