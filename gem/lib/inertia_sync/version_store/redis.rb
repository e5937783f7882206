module InertiaSync
  module VersionStore
    # Versions in Redis, shared by every process that talks to it. One round trip per transaction: a Lua
    # script increments the sequence and records it for every identifier of the transaction, atomically.
    class Redis
      NEXT_VERSION = <<~LUA.freeze
        local version = redis.call('INCR', KEYS[1])
        for i = 1, #ARGV do
          redis.call('HSET', KEYS[2], ARGV[i], version)
        end
        return version
      LUA

      # +url+ (or +redis+, an existing client) names the server; +namespace+ prefixes the two keys used.
      def initialize(url: nil, redis: nil, namespace: KEY_PREFIX)
        @redis = redis
        @url = url
        @sequence_key = "#{namespace}:seq"
        @versions_key = "#{namespace}:versions"
        @mutex = Mutex.new
      end

      def next_version(identifiers)
        keys = [ @sequence_key, @versions_key ]
        begin
          redis.evalsha(script_sha, keys: keys, argv: identifiers)
        rescue ::Redis::CommandError => error
          raise unless error.message.start_with?("NOSCRIPT")

          @script_sha = nil
          redis.eval(NEXT_VERSION, keys: keys, argv: identifiers)
        end
      end

      def version_of(identifier)
        redis.hget(@versions_key, identifier).to_i
      end

      def current
        redis.get(@sequence_key).to_i
      end

      def clear!
        redis.del(@sequence_key, @versions_key)
      end

      def redis
        @redis || @mutex.synchronize do
          require "redis"
          @redis ||= ::Redis.new(url: @url)
        end
      end

      private
        def script_sha
          @script_sha ||= redis.script(:load, NEXT_VERSION)
        end
    end
  end
end
