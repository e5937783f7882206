require "fileutils"
require "inertia_sync/version_store/file_lock"

module InertiaSync
  module VersionStore
    # Versions in a Rails cache store (Solid Cache, Memcached, Redis cache, a file store...), for apps
    # whose cable does not run on Redis.
    #
    # A cache store has no compare-and-set: its only atomic step is +increment+ (in Memcached and the
    # Redis cache; in Solid Cache once the key exists, as a row lock cannot lock a missing row; on a file
    # store, whose own is not atomic across processes, only under the FileLock taken here on its
    # directory). So the sequence keeps these invariants by construction:
    #
    # * Only +increment+ ever changes the sequence, and every version handed out is a value it returned,
    #   never a value written: no version is handed out twice, and each is above every version handed
    #   out before it was asked for.
    # * A sequence the store lost (never started, evicted, flushed, or overwritten by a racing create on
    #   a store that cannot create atomically) counts from 1 again, far below STARTED. The process that
    #   gets 1 jumps it ahead of the clock (VersionStore.floor) and of the floor by an increment of the
    #   difference; the others wait for that jump. Versions handed out before the loss are below both:
    #   the sequence grows by one per transaction, far slower than the clock's microseconds. Two jumps at
    #   once (a creator too slow for its waiters) overshoot, which is harmless: versions must grow, not
    #   be dense.
    # * The floor is only ever written with a value the sequence returned, so it is never above a
    #   version handed out after it; it is read as at most the sequence too, which keeps that true even
    #   while a lost sequence counts up to its jump. Two floor writes at once may leave the lower one,
    #   still above every version handed out before either.
    #
    # Caveat: identifiers are written with +write_multi+, so two transactions touching the same
    # identifier at the same instant may leave it at the older of the two versions (except on a file
    # store, where the lock covers the write). Markers still carry the right versions; only a
    # +subscribed+ reply in that instant can understate one. Prefer the Redis store when Redis is
    # available. An identifier with no entry (never changed, or evicted) reads as the floor.
    #
    # Rails cache stores swallow their backend's errors and answer nil; a sequence that cannot be read
    # or incremented means the cache is down, and raises VersionStore::Unavailable instead of reading as 0.
    class Cache
      # 2025-01-01 in microseconds: every sequence started is above it (started at the clock, and at least
      # here on a machine whose clock is behind), every count from 1 far below.
      STARTED = 1_735_689_600_000_000

      # How long (tries of WAIT seconds) a process that got a count below STARTED waits for the process
      # that got 1 to jump the sequence, before jumping it itself.
      WAITS = 50
      WAIT = 0.002

      attr_reader :cache

      def initialize(cache, namespace: KEY_PREFIX)
        @cache = cache
        @sequence_key = "#{namespace}:seq"
        @floor_key = "#{namespace}:floor"
        @version_prefix = "#{namespace}:v:"
        @lock = cache.is_a?(ActiveSupport::Cache::FileStore) ? FileLock.new(cache.cache_path) : NoLock
      end

      def next_version(identifiers)
        @lock.synchronize do
          version = started(increment(1))
          cache.write_multi(identifiers.index_by { |identifier| version_key(identifier) }.transform_values { version }) if identifiers.any?
          version
        end
      end

      def version_of(identifier)
        versions_of([ identifier ]).first
      end

      # One +read_multi+ for all of +identifiers+, and one for the sequence and the floor.
      def versions_of(identifiers)
        keys = identifiers.map { |identifier| version_key(identifier) }
        found = cache.read_multi(*keys)
        floor_now = floor
        keys.map { |key| [ found[key].to_i, floor_now ].max }
      end

      def current
        sequence_and_floor.first
      end

      # Two calls, not one atomic step; the floor written is a value the sequence returned (see above).
      def advance_floor
        @lock.synchronize do
          version = started(increment(1))
          write_floor(version)
          version
        end
      end

      def clear!
        @lock.synchronize do
          cache.delete(@sequence_key)
          cache.delete(@floor_key)
        end
        cache.delete_matched("#{@version_prefix}*") rescue nil
      end

      private
        def version_key(identifier)
          "#{@version_prefix}#{identifier}"
        end

        # At most the sequence. No floor beside a started sequence means it was evicted: the sequence is
        # then the floor (above every version handed out: clients reload once, and no marker to come is
        # below it), recorded unless a floor appeared meanwhile.
        def floor
          sequence, floor = sequence_and_floor
          return [ floor, sequence ].min if floor

          cache.write(@floor_key, sequence, raw: true, unless_exist: true)
          sequence
        end

        # The sequence, started if it was lost, and the floor as stored (nil if missing), in one read.
        def sequence_and_floor
          values = cache.read_multi(@sequence_key, @floor_key, raw: true)
          sequence, floor = values[@sequence_key]&.then { Integer(_1) }, values[@floor_key]&.then { Integer(_1) }
          return [ sequence, floor ] if sequence && sequence >= STARTED

          [ @lock.synchronize { started(increment(1)) }, read_floor ]
        end

        # +count+ if the sequence is started; otherwise the sequence once started (see the class comment).
        def started(count)
          WAITS.times do
            return count if count >= STARTED
            return jump(count) if count == 1

            sleep WAIT
            count = increment(1)
          end
          count >= STARTED ? count : jump(count)
        end

        # Moves a lost sequence from +count+ to above the clock and the floor it had, and records the
        # result as the new floor: everything may have changed while it was lost.
        def jump(count)
          target = [ VersionStore.floor, STARTED, read_floor.to_i + 1 ].max
          increment(target - count).tap { |started| write_floor(started) }
        end

        def increment(amount)
          cache.increment(@sequence_key, amount) or raise Unavailable, "#{cache.class} cannot increment #{@sequence_key}"
        end

        def read_floor
          cache.read(@floor_key, raw: true)&.then { Integer(_1) }
        end

        def write_floor(version)
          cache.write(@floor_key, version, raw: true) or raise Unavailable, "#{cache.class} cannot write #{@floor_key}"
        end
    end
  end
end
