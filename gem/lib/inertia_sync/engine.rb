require "rails"
require "action_cable/engine"
require "active_job/railtie"

module InertiaSync
  class Engine < ::Rails::Engine
    # The engine's code is not reloaded: apps keep references to its concerns in constants that
    # outlive a reload (the top-level Broadcastable and ObfuscatesId aliases among them).
    config.autoload_once_paths = %W[
      #{root}/app/channels
      #{root}/app/controllers
      #{root}/app/controllers/concerns
      #{root}/app/jobs
      #{root}/app/models
      #{root}/app/models/concerns
    ]

    # Shared with the app's config (Railtie options are global), so that both
    # <tt>config.sync.debounce_ms = 300</tt> and <tt>config.sync = { ... }</tt> work in the app.
    config.sync = InertiaSync::Configuration.new

    # Apps write <tt>include Broadcastable</tt> and <tt>include ObfuscatesId</tt>: alias
    # them at the top level, unless the app defines its own (checked once its autoloader knows them).
    initializer "inertia_sync.aliases" do
      Rails.autoloaders.main.on_setup do
        { Broadcastable: "InertiaSync::Broadcastable", ObfuscatesId: "InertiaSync::ObfuscatesId" }.each do |alias_name, target|
          Object.const_set(alias_name, target.constantize) unless Object.const_defined?(alias_name, false)
        end
      end
    end

    # Reloaded models register themselves again; forget the stale classes.
    initializer "inertia_sync.registry" do |app|
      app.reloader.before_class_unload { InertiaSync.registry.clear! }
    end

    initializer "inertia_sync.controller" do
      # The page prop needs inertia_rails' inertia_share; PageProp checks for it per request, so the
      # order in which the two engines load does not matter.
      ActiveSupport.on_load(:action_controller_base) do
        include InertiaSync::PageProp
      end
    end

    # Bounds every WebSocket's send queue (config.sync.max_send_queue).
    config.after_initialize { InertiaSync::CableInternals.install }

    initializer "inertia_sync.test_helper" do
      ActiveSupport.on_load(:active_support_test_case) do
        require "inertia_sync/test_helper"
        include InertiaSync::TestHelper
      end
    end

    # Like turbo-rails: system tests get wait_for_inertia_sync without an include.
    initializer "inertia_sync.system_test_helper" do
      ActiveSupport.on_load(:action_dispatch_system_test_case) { include InertiaSync::SystemTestHelper }
    end

    config.after_initialize { InertiaSync::CableAdapterCheck.run }
  end
end
