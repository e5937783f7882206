module InertiaSync
  # Versions order changes: one global sequence, and per identifier the sequence number of its last
  # change. All identifiers marked by one committed transaction share one version.
  #
  # A store answers four calls, and must be shared by every server process:
  #
  #   next_version(identifiers) # => Integer; increments the sequence and records it for each identifier
  #   version_of(identifier)    # => Integer; the identifier's version, never below the store's floor
  #   current                   # => Integer; the sequence now (the page cursor)
  #   advance_floor             # => Integer; increments the sequence and makes it the floor
  #
  # and may answer a fifth, which InertiaSync.shared_prop uses when present (one round trip per render):
  #
  #   versions_of(identifiers)  # => [Integer]; version_of of each, in order, read at once
  #
  # A store that cannot answer (its server is down) raises; it never answers a made-up number.
  #
  # A store that loses its records (a restart, a flushed Redis) must not hand out versions below
  # those clients already saw, or they would drop new markers as stale. So a sequence starts at the
  # clock in microseconds (far ahead of any count of transactions), and an identifier the store knows
  # nothing of reads as that starting point, the floor: "it may have changed before I started".
  #
  # The floor also moves up after an outage (InertiaSync::Outage): changes committed while the
  # pub/sub or the store was down may have lost their markers and version bumps, so once it is back
  # every identifier reads as at least the new floor, "it may have changed while I was away", and
  # every tab that follows it reloads once.
  #
  # Implementations: VersionStore::Memory (one process), VersionStore::Redis (one round trip per
  # transaction), VersionStore::Cache (any Rails cache store with an atomic +increment+).
  module VersionStore
    KEY_PREFIX = "inertia_sync"

    # Raised when a store cannot read or write its versions (its server is down).
    class Unavailable < Error; end

    class << self
      # Where a new sequence starts: now, in microseconds since the epoch (below 2**53, so exact in JSON).
      def floor
        Process.clock_gettime(Process::CLOCK_REALTIME, :microsecond)
      end

      # Builds the store named by <tt>config.version_store</tt>, picking one when it is nil.
      def build(config)
        case (kind = config.version_store || default_kind)
        when :memory
          warn_if_shared_cable unless config.version_store
          Memory.new
        when :redis then Redis.new(url: config.redis_url || cable_config[:url])
        when :cache then Cache.new(Rails.cache)
        when Symbol, String then raise ConfigurationError, "Unknown inertia_sync version_store #{kind.inspect}: use :memory, :redis, :cache or a store object."
        else kind
        end
      end

      # Redis when Action Cable runs on Redis (the processes already share it); otherwise the Rails
      # cache when it is shared between processes; otherwise memory.
      def default_kind
        if cable_config[:adapter].to_s == "redis"
          :redis
        elsif defined?(Rails.cache) && Rails.cache && !Rails.cache.is_a?(ActiveSupport::Cache::MemoryStore) && !Rails.cache.is_a?(ActiveSupport::Cache::NullStore)
          :cache
        else
          :memory
        end
      end

      # Adapters that reach one process only; any other means several processes may broadcast, and
      # versions in one process's memory would disagree between them.
      SINGLE_PROCESS_ADAPTERS = %w[async inline test].freeze

      def warn_if_shared_cable # :nodoc:
        adapter = cable_config[:adapter].to_s
        return if adapter.empty? || SINGLE_PROCESS_ADAPTERS.include?(adapter)

        InertiaSync.logger.warn("[InertiaSync] Action Cable runs on #{adapter} but versions are kept in this " \
          "process's memory (Rails.cache is not shared): with several server processes, tabs may miss or repeat " \
          "reloads. Use a shared Rails.cache (Solid Cache, Redis, Memcached) or set config.sync.version_store.")
      end

      def cable_config # :nodoc:
        config = ActionCable.server.config.cable if defined?(ActionCable) && ActionCable.respond_to?(:server)
        (config || {}).to_h.symbolize_keys
      rescue StandardError
        {}
      end
    end
  end
end
