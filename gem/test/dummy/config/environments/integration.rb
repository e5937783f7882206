# The environment of the Puma servers started by the real-WebSocket tests (test/support/puma_server.rb).
# Like test, but with a real cable adapter (async or redis, see cable.yml), a database file shared with
# the test process (database.yml), and logs on stdout, which the launcher sends to a file.
Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.action_controller.allow_forgery_protection = false
  config.action_dispatch.show_exceptions = :rescuable
  config.active_support.deprecation = :raise

  config.logger = ActiveSupport::Logger.new($stdout)
  config.log_level = ENV.fetch("INTEGRATION_LOG_LEVEL", "info").to_sym

  # Processes that share no Redis share versions through a file cache (INTEGRATION_CACHE_DIR), the
  # way an app on Solid Cable would share them through Solid Cache.
  config.cache_store = :file_store, ENV["INTEGRATION_CACHE_DIR"] if ENV["INTEGRATION_CACHE_DIR"]

  # The connection Rails' authentication generator writes, instead of the one including InertiaSync::Connection.
  config.action_cable.connection_class = -> { ApplicationCable::GeneratedConnection } if ENV["INTEGRATION_CONNECTION"] == "generated"

  # Versions in a Redis of their own (INTEGRATION_VERSION_STORE_URL), apart from the cable.
  if (url = ENV["INTEGRATION_VERSION_STORE_URL"])
    config.sync = config.sync.to_h.merge(version_store: :redis, redis_url: url)
  end

  # The test client sends Origin: http://127.0.0.1:<port>; anything else is refused, as in production.
  config.action_cable.allowed_request_origins = [ %r{\Ahttp://127\.0\.0\.1:\d+\z} ]

  # Exits when the test process that started this server is gone (killed before it could stop us).
  if (parent = ENV["INTEGRATION_PARENT_PID"].to_i).positive?
    config.after_initialize do
      Thread.new do
        sleep 1 while Process.ppid == parent
        Process.kill("TERM", Process.pid)
      end
    end
  end
end
