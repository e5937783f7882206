require "rails/generators"

module InertiaSync
  module Generators
    # <tt>bin/rails generate inertia_sync:install</tt>: wires the gem into an app.
    #
    # * app/channels/application_cable/connection.rb: authenticates with the session cookie
    #   (includes InertiaSync::Connection unless the connection already identifies +current_user+)
    # * app/models/session.rb, if Rails' authentication generator made it: includes InertiaSync::SyncSession
    # * app/channels/application_cable/channel.rb, if missing
    # * app/channels/sync_channel.rb
    # * config/initializers/inertia_sync.rb
    # * config/environments/development.rb: Action Cable accepts only the app's own origin
    # * the Inertia entrypoint (app/frontend/entrypoints/inertia.{ts,js,tsx,jsx}), if present:
    #   <tt>syncRegistry.configure({ router })</tt> from the inertia-sync npm package
    class InstallGenerator < ::Rails::Generators::Base
      source_root File.expand_path("templates", __dir__)

      ENTRYPOINTS = %w[ts js tsx jsx].map { |ext| "app/frontend/entrypoints/inertia.#{ext}" }.freeze
      ADAPTERS = %w[@inertiajs/svelte @inertiajs/react @inertiajs/vue3 @inertiajs/vue].freeze

      DEVELOPMENT_ORIGINS = <<~'RUBY'.indent(2)
        # Only this app's own pages may open its cable (Action Cable's default here accepts any
        # http://localhost:<port>, so another local server's page could use your session cookie).
        config.action_cable.allowed_request_origins = [ %r{\Ahttps?://(localhost|127\.0\.0\.1):#{ENV.fetch("PORT", 3000)}\z} ]

      RUBY

      class_option :entrypoint, type: :string, desc: "Path of the Inertia entrypoint, if not one of #{ENTRYPOINTS.join(", ")}"

      def connection
        path = "app/channels/application_cable/connection.rb"
        if !File.exist?(File.join(destination_root, path))
          template "connection.rb", path
        elsif File.read(File.join(destination_root, path)).match?(/InertiaSync::Connection|identified_by\s+:current_user/)
          say_status :identical, "#{path} (already identifies current_user)", :blue
        else
          inject_into_class path, "Connection", "    include InertiaSync::Connection\n"
        end
      end

      # With Rails' authentication generator's Session model, a destroyed session (logout, password
      # reset, deleted user) closes the sockets it opened.
      def session_model
        path = "app/models/session.rb"
        full = File.join(destination_root, path)
        return unless File.exist?(full) && File.read(full).match?(/class Session < ApplicationRecord/)
        return say_status(:identical, "#{path} (already includes InertiaSync::SyncSession)", :blue) if File.read(full).include?("InertiaSync::SyncSession")

        inject_into_class path, "Session", "  include InertiaSync::SyncSession\n"
      end

      def channel
        path = "app/channels/application_cable/channel.rb"
        template "channel.rb", path unless File.exist?(File.join(destination_root, path))
      end

      def sync_channel
        template "sync_channel.rb", "app/channels/sync_channel.rb"
      end

      def initializer
        template "initializer.rb", "config/initializers/inertia_sync.rb"
      end

      # Action Cable's development default accepts any http://localhost:<port> Origin, so a page of
      # any other local server could open the cable with the developer's session cookie.
      def development_origins
        path = "config/environments/development.rb"
        return unless File.exist?(File.join(destination_root, path))
        return say_status(:identical, "#{path} (already sets allowed_request_origins)", :blue) if File.read(File.join(destination_root, path)).include?("allowed_request_origins")

        insert_into_file path, DEVELOPMENT_ORIGINS, after: /^Rails\.application\.configure do\n/
      end

      def client_setup
        path = options[:entrypoint] || ENTRYPOINTS.find { |candidate| File.exist?(File.join(destination_root, candidate)) }
        unless path && File.exist?(File.join(destination_root, path))
          say_status :skip, "no Inertia entrypoint found: add `import { syncRegistry } from 'inertia-sync'` and `syncRegistry.configure({ router })` to it", :yellow
          return
        end

        source = File.read(File.join(destination_root, path))
        if source.include?("inertia-sync")
          say_status :identical, "#{path} (already sets up inertia-sync)", :blue
          return
        end

        adapter = ADAPTERS.find { |name| source.include?("'#{name}'") || source.include?("\"#{name}\"") } || "@inertiajs/svelte"
        imports = []
        imports << "import { router } from '#{adapter}'" unless source.match?(/import\s*\{[^}]*\brouter\b[^}]*\}\s*from\s*['"]@inertiajs\//)
        imports << "import { syncRegistry } from 'inertia-sync'"
        setup = "\n// Live updates: markers from Rails trigger partial reloads through this router.\nsyncRegistry.configure({ router })\n"

        last_import = source.scan(/^import\b.*$/).last
        if last_import
          insert_into_file path, "\n#{imports.join("\n")}", after: last_import
          insert_into_file path, "\n#{setup}", after: imports.last
        else
          prepend_to_file path, "#{imports.join("\n")}\n#{setup}\n"
        end
      end

      def npm_reminder
        say "\nInstall the client: npm install inertia-sync @rails/actioncable", :green
      end
    end
  end
end
