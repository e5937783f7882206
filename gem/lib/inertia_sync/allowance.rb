module InertiaSync
  # What one cable connection may still do: hold one SyncChannel, make +subscribe_to+ requests at
  # the configured rate, and stream up to +max_subscriptions+ identifiers; each within what its
  # user's other connections in this process leave (InertiaSync::UserAllowances).
  #
  # It lives as long as the connection (not the channel), so unsubscribing the channel and
  # subscribing again resets nothing.
  class Allowance
    # +user_share+: the user's InertiaSync::UserAllowances::Share, or nil for a connection without a user.
    def initialize(user_share = nil, config: InertiaSync.config)
      @user_share = user_share
      @config = config
      @rate = RateLimiter.new(limit: config.subscribe_rate_limit, period: config.subscribe_rate_period)
      @lock = Mutex.new
      @channel = @streams = nil
    end

    attr_reader :user_share

    # Takes the connection's one SyncChannel slot for +channel+, whose live streams are +streams+
    # (a collection answering +size+). False when another channel holds it.
    def claim_channel(channel, streams)
      @lock.synchronize do
        return false if @channel && !@channel.equal?(channel)

        @channel, @streams = channel, streams
        true
      end
    end

    def release_channel(channel)
      @lock.synchronize { @channel = @streams = nil if @channel.equal?(channel) }
    end

    # Counts one +subscribe_to+; false when the connection's or the user's window is full.
    def allow_request?
      @rate.allow? && (user_share.nil? || user_share.allow_request?)
    end

    # Whether one more stream fits, for a channel holding +own_count+ streams.
    def room_for_stream?(own_count)
      own_count < @config.max_subscriptions && (user_share.nil? || user_share.stream_count < @config.max_subscriptions_per_user)
    end

    def stream_count
      @lock.synchronize { @streams ? @streams.size : 0 }
    end
  end
end
