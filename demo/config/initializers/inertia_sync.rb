# Real-time prop sync (inertia_sync). Every option, with its default and environment override:
InertiaSync.configure do |config|
  # config.enabled = ENV.fetch("ENABLE_SYNC", "true") != "false"
  # config.debounce_ms = 300             # SYNC_DEBOUNCE_MS
  # config.max_wait_ms = 1000            # SYNC_MAX_WAIT_MS
  # config.max_subscriptions = 100       # SYNC_MAX_SUBSCRIPTIONS
  # config.reconnect_attempts = 5        # SYNC_RECONNECT_ATTEMPTS
  # config.subscribe_rate_limit = 200    # subscribe_to calls per connection per period
  # config.subscribe_rate_period = 10    # seconds
  # config.admin_check = ->(user) { user.site_admin }  # who may subscribe to Model:all
  # config.version_store = nil           # :redis, :cache, :memory, or nil to pick
  # config.redis_url = nil               # defaults to Action Cable's
  # config.spread = InertiaSync::Spread.new  # a crowd's reloads spread out; nil: never
  # config.broadcast_later = false       # broadcast from InertiaSync::BroadcastJob
  # config.debug = false                 # SYNC_DEBUG

  # The benchmarks measure a crowd with and without the spread hint.
  config.spread = nil if ENV["SYNC_SPREAD"] == "off"
  if (max_ms = ENV["SYNC_SPREAD_MAX_MS"].presence)
    config.spread = InertiaSync::Spread.new(max_ms: Integer(max_ms, 10))
  end
end
