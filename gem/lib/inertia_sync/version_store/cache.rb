module InertiaSync
  module VersionStore
    # Versions in a Rails cache store (Solid Cache, Memcached, Redis cache...), for apps whose cable
    # does not run on Redis. The sequence uses the store's atomic +increment+.
    #
    # Caveat: identifiers are written with +write_multi+, which has no compare-and-set, so two
    # transactions touching the same identifier at the same instant may leave it at the older of the
    # two versions. Markers still carry the right versions; only a +subscribed+ reply in that instant
    # can understate one. Prefer the Redis store when Redis is available. Entries never expire: an
    # evicted entry reads as 0, which is safe (the client reloads nothing it did not need to).
    class Cache
      attr_reader :cache

      def initialize(cache, namespace: KEY_PREFIX)
        @cache = cache
        @sequence_key = "#{namespace}:seq"
        @version_prefix = "#{namespace}:v:"
      end

      def next_version(identifiers)
        version = cache.increment(@sequence_key, 1) || initialize_sequence
        cache.write_multi(identifiers.index_by { |identifier| version_key(identifier) }.transform_values { version }) if identifiers.any?
        version
      end

      def version_of(identifier)
        cache.read(version_key(identifier)).to_i
      end

      def current
        cache.read(@sequence_key, raw: true).to_i
      end

      def clear!
        cache.delete(@sequence_key)
        cache.delete_matched("#{@version_prefix}*") rescue nil
      end

      private
        def version_key(identifier)
          "#{@version_prefix}#{identifier}"
        end

        # Stores whose increment does not create missing keys: create it, then increment atomically.
        def initialize_sequence
          cache.write(@sequence_key, 0, raw: true, unless_exist: true)
          cache.increment(@sequence_key, 1) or raise Error, "#{cache.class} cannot increment #{@sequence_key}"
        end
    end
  end
end
