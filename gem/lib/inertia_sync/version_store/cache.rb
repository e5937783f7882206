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
    #
    # Caveat: the sequence's first start is a +write+ with +unless_exist+, which a file store does not
    # make atomic across processes: processes starting the sequence in the same instant may each write
    # their own start, and a later write of an earlier start can move the sequence below a version
    # another process already handed out. Start it once before the processes (any call, e.g. +current+,
    # from a deploy step) when they share a file store.
    #
    # Rails cache stores swallow their backend's errors and answer nil; a sequence or floor that reads
    # as nil means the cache is down, and raises VersionStore::Unavailable instead of reading as 0.
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
        version = above_floor(version)
        cache.write_multi(identifiers.index_by { |identifier| version_key(identifier) }.transform_values { version }) if identifiers.any?
        version
      end

      def version_of(identifier)
        versions_of([ identifier ]).first
      end

      # One +read_multi+ for all of +identifiers+, and the floor once.
      def versions_of(identifiers)
        keys = identifiers.map { |identifier| version_key(identifier) }
        found = cache.read_multi(*keys)
        floor_now = floor
        keys.map { |key| [ found[key].to_i, floor_now ].max }
      end

      def current
        Integer(read_started(@sequence_key))
      end

      # Two calls, not one atomic step: two processes advancing at once may leave the lower of their
      # two floors, which is still above every version handed out before either call.
      def advance_floor
        version = next_version([])
        cache.write(@floor_key, version, raw: true) or raise Unavailable, "#{cache.class} cannot write #{@floor_key}"
        version
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

        # No floor beside a sequence means another process is starting the sequence (it writes the
        # floor just after it) or the floor was evicted. The sequence as it stands is above every
        # version handed out, so it is a safe floor: clients reload once, and no marker to come is
        # below it. Recorded unless a floor appeared meanwhile.
        def floor
          value = cache.read(@floor_key, raw: true)
          return Integer(value) if value

          sequence = Integer(read_started(@sequence_key))
          cache.write(@floor_key, sequence, raw: true, unless_exist: true)
          Integer(cache.read(@floor_key, raw: true) || sequence)
        end

        # A key of the sequence, started at the clock if missing.
        def read_started(key)
          cache.read(key, raw: true) || (initialize_sequence && cache.read(key, raw: true)) or
            raise Unavailable, "#{cache.class} cannot read #{key}"
        end

        # Two processes starting the sequence at once can leave it below the floor (a file store's
        # +unless_exist+ is not atomic across processes), and a version below the floor would read
        # as older than what clients saw: move the sequence above the floor first.
        def above_floor(version)
          floor_now = floor
          return version if version > floor_now

          cache.increment(@sequence_key, floor_now - version + 1) or raise Unavailable, "#{cache.class} cannot increment #{@sequence_key}"
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
          cache.increment(@sequence_key, 1) or raise Unavailable, "#{cache.class} cannot increment #{@sequence_key}"
        end
    end
  end
end
