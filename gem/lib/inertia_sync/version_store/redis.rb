module InertiaSync
  module VersionStore
    # Versions in Redis, shared by every process that talks to it. One round trip per transaction: a Lua
    # script increments the sequence and records it for every identifier of the transaction, atomically.
    #
    # When the sequence key is missing (a new or flushed Redis) it starts at the clock and remembers
    # that as the floor, which unknown identifiers read as: see VersionStore.floor.
    class Redis
      # KEYS: sequence, floor, versions hash. ARGV[1]: the floor to start from when the sequence is missing.
      START = <<~LUA.freeze
        if redis.call('SETNX', KEYS[1], ARGV[1]) == 1 then redis.call('SET', KEYS[2], ARGV[1]) end
      LUA

      NEXT_VERSION = <<~LUA.freeze
        #{START}
        local version = redis.call('INCR', KEYS[1])
        for i = 2, #ARGV do
          redis.call('HSET', KEYS[3], ARGV[i], version)
        end
        return version
      LUA

      # ARGV[2..]: the identifiers; one version each, in order. The floor wins over an older version
      # (see VersionStore).
      VERSIONS_OF = <<~LUA.freeze
        #{START}
        local floor = redis.call('GET', KEYS[2])
        local versions = {}
        for i = 2, #ARGV do
          local own = redis.call('HGET', KEYS[3], ARGV[i])
          if own and tonumber(own) > tonumber(floor) then versions[i - 1] = own else versions[i - 1] = floor end
        end
        return versions
      LUA

      ADVANCE_FLOOR = <<~LUA.freeze
        #{START}
        local version = redis.call('INCR', KEYS[1])
        redis.call('SET', KEYS[2], version)
        return version
      LUA

      CURRENT = <<~LUA.freeze
        #{START}
        return redis.call('GET', KEYS[1])
      LUA

      # +url+ (or +redis+, an existing client) names the server; +namespace+ prefixes the keys used.
      def initialize(url: nil, redis: nil, namespace: KEY_PREFIX)
        @redis = redis
        @url = url
        @keys = [ "#{namespace}:seq", "#{namespace}:floor", "#{namespace}:versions" ]
        @mutex = Mutex.new
        @shas = {}
      end

      def next_version(identifiers)
        run(NEXT_VERSION, identifiers)
      end

      def version_of(identifier)
        versions_of([ identifier ]).first
      end

      # One round trip for all of +identifiers+.
      def versions_of(identifiers)
        run(VERSIONS_OF, identifiers).map(&:to_i)
      end

      def current
        run(CURRENT).to_i
      end

      def advance_floor
        run(ADVANCE_FLOOR)
      end

      def clear!
        redis.del(*@keys)
      end

      def redis
        @redis || @mutex.synchronize do
          require "redis"
          @redis ||= ::Redis.new(url: @url)
        end
      end

      private
        def run(script, args = [])
          argv = [ VersionStore.floor, *args ]
          redis.evalsha(sha_of(script), keys: @keys, argv: argv)
        rescue ::Redis::CommandError => error
          raise unless error.message.start_with?("NOSCRIPT")

          @shas.delete(script)
          redis.eval(script, keys: @keys, argv: argv)
        end

        def sha_of(script)
          @shas[script] ||= redis.script(:load, script)
        end
    end
  end
end
