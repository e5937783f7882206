require_relative "boot"

require "rails"
require "active_model/railtie"
require "active_job/railtie"
require "active_record/railtie"
require "action_controller/railtie"
require "action_view/railtie"
require "action_cable/engine"
require "rails/test_unit/railtie"

require "inertia_rails"
require "inertia_sync"
require "solid_cable" if ENV["INTEGRATION_CABLE_ADAPTER"] == "solid_cable"

module Dummy
  class Application < Rails::Application
    config.load_defaults 8.1
    config.root = File.expand_path("..", __dir__)
    config.eager_load = false
    config.secret_key_base = "dummy-secret-key-base-for-inertia-sync-tests-only-0123456789abcdef"
    config.active_job.queue_adapter = :test
    config.cache_store = :memory_store
    config.logger = ActiveSupport::Logger.new(File.join(config.root, "log", "test.log").tap { |path| FileUtils.mkdir_p(File.dirname(path)) })
    config.log_level = :debug

    # The hash form of config.sync.
    config.sync = {
      enabled: ENV.fetch("ENABLE_SYNC", "true") == "true",
      debounce_ms: ENV.fetch("SYNC_DEBOUNCE_MS", 300).to_i,
      max_subscriptions: ENV.fetch("SYNC_MAX_SUBSCRIPTIONS", 100).to_i
    }
  end
end
