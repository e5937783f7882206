InertiaSync.configure do |config|
  config.subscribe_rate_limit = Integer(ENV.fetch("SYNC_SUBSCRIBE_RATE_LIMIT", 200))
end
