InertiaSync.configure do |config|
  config.subscribe_rate_limit = 200
end
