module InertiaSync
  # The users connected to this process, each with their connections' allowances and one shared
  # +subscribe_to+ rate. A user's entry goes when their last connection closes, so memory follows
  # the connections that are open, never the ones that were.
  #
  #   allowance = InertiaSync.user_allowances.open(user) # => an Allowance, or nil past max_connections_per_user
  #   InertiaSync.user_allowances.close(allowance)
  class UserAllowances
    # One user's part: their connections' allowances and their shared rate.
    class Share
      def initialize(config)
        @rate = RateLimiter.new(limit: config.subscribe_rate_limit_per_user, period: config.subscribe_rate_period)
        @allowances = [].freeze
      end

      attr_accessor :allowances # :nodoc: (replaced under UserAllowances' lock, read without it)

      def allow_request?
        @rate.allow?
      end

      # Streams held by all of the user's connections in this process.
      def stream_count
        allowances.sum(&:stream_count)
      end
    end

    def initialize(config: -> { InertiaSync.config })
      @config = config
      @lock = Mutex.new
      @shares = {}
    end

    # A new connection's Allowance, or nil when +user+ already has +max_connections_per_user+ here.
    def open(user)
      config = @config.call
      return Allowance.new(nil, config: config) if user.nil?

      @lock.synchronize do
        share = @shares[key(user)] ||= Share.new(config)
        return if share.allowances.size >= config.max_connections_per_user

        Allowance.new(share, config: config).tap { |allowance| share.allowances = (share.allowances + [ allowance ]).freeze }
      end
    end

    # Gives back a connection's allowance; forgets the user with their last connection.
    def close(allowance)
      share = allowance&.user_share or return
      @lock.synchronize do
        share.allowances = (share.allowances - [ allowance ]).freeze
        @shares.delete_if { |_, candidate| candidate.equal?(share) } if share.allowances.empty?
      end
    end

    def user_count # :nodoc:
      @lock.synchronize { @shares.size }
    end

    private
      def key(user)
        user.respond_to?(:id) ? [ user.class.name, user.id ] : user
      end
  end
end
