require "json"
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
    # * config/cable.yml: Redis instead of async for development, when the app bundles redis
    class InstallGenerator < ::Rails::Generators::Base
      source_root File.expand_path("templates", __dir__)

      ENTRYPOINTS = %w[ts js tsx jsx].map { |ext| "app/frontend/entrypoints/inertia.#{ext}" }.freeze
      ADAPTERS = %w[@inertiajs/svelte @inertiajs/react @inertiajs/vue3 @inertiajs/vue].freeze
      NPM_PACKAGES = %w[inertia-sync @rails/actioncable].freeze
      DOCS = "https://github.com/inertia-sync/inertia_sync/blob/main/docs"
      GETTING_STARTED = "#{DOCS}/getting-started.md"
      TROUBLESHOOTING = "#{DOCS}/troubleshooting.md"

      DEVELOPMENT_ORIGINS = <<~'RUBY'.indent(2)
        # Only this app's own pages may open its cable (Action Cable's default here accepts any
        # http://localhost:<port>, so another local server's page could use your session cookie).
        config.action_cable.allowed_request_origins = [ %r{\Ahttps?://(localhost|127\.0\.0\.1):#{ENV.fetch("PORT", 3000)}\z} ]

      RUBY

      class_option :entrypoint, type: :string, desc: "Path of the Inertia entrypoint, if not one of #{ENTRYPOINTS.join(", ")}"
      class_option :development_cable, type: :string, enum: %w[redis async],
        desc: "Action Cable adapter for development when it is async (default: redis if the app bundles the redis gem)"

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
        add_router_import(path, source, adapter)
        source = File.read(File.join(destination_root, path))
        last_import = source.scan(/^import\b.*$/).last
        sync_import = "import { syncRegistry } from 'inertia-sync'"
        setup = "// Live updates: markers from Rails trigger partial reloads through this router.\nsyncRegistry.configure({ router })\n"
        if last_import
          insert_into_file path, "#{sync_import}\n\n#{setup}", after: "#{last_import}\n"
        else
          prepend_to_file path, "#{sync_import}\n\n#{setup}\n"
        end
      end

      # Development's default adapter, async, reaches one process: changes made from the console, a
      # runner or a job process would never reach the tabs. Redis when the app bundles it (or when
      # asked with --development-cable=redis); otherwise say what to do.
      def development_cable
        path = "config/cable.yml"
        return unless File.exist?(File.join(destination_root, path))

        section = File.read(File.join(destination_root, path))[/^development:\n(?:[ \t]+.*\n|[ \t]*\n)*/]
        return unless section&.match?(/^\s+adapter:\s*async\s*$/)

        choice = options[:development_cable] || (bundled?("redis") ? "redis" : "async")
        if choice == "redis"
          gem "redis", ">= 4.0.1" unless bundled?("redis")
          gsub_file path, section, <<~YAML
            development:
              adapter: redis
              url: <%= ENV.fetch("REDIS_URL") { "redis://localhost:6379/1" } %>
              channel_prefix: #{app_name}_development

          YAML
        else
          say_status :warning, "#{path}: development keeps Action Cable's async adapter, which reaches one process: " \
            "changes made from bin/rails console or a job process will not reach the tabs. Rerun with " \
            "--development-cable=redis to use Redis (see #{TROUBLESHOOTING})", :yellow
        end
      end

      def npm_reminder
        missing = NPM_PACKAGES.reject { |name| npm_dependency?(name) }
        say "\nInstall the client: npm install #{missing.join(" ")}", :green if missing.any?
        say "\nNext, your first synced page: #{GETTING_STARTED}", :green
      end

      private
        def add_router_import(path, source, adapter)
          return if source.match?(/import\s*\{[^}]*\brouter\b[^}]*\}\s*from\s*['"]@inertiajs\//)

          if (named = source[/^import\s*\{[^}]*\}\s*from\s*(['"])#{Regexp.escape(adapter)}\1/])
            gsub_file path, named, named.sub(/\s*\}/, ", router }")
          elsif (last_import = source.scan(/^import\b.*$/).last)
            insert_into_file path, "\nimport { router } from '#{adapter}'", after: last_import
          else
            prepend_to_file path, "import { router } from '#{adapter}'\n"
          end
        end

        def bundled?(name)
          %w[Gemfile Gemfile.lock].any? do |file|
            full = File.join(destination_root, file)
            File.exist?(full) && File.read(full).match?(/^\s*(gem\s+["']#{Regexp.escape(name)}["']|#{Regexp.escape(name)} \()/)
          end
        end

        def npm_dependency?(name)
          manifest = File.join(destination_root, "package.json")
          return false unless File.exist?(manifest)

          json = JSON.parse(File.read(manifest))
          %w[dependencies devDependencies].any? { |key| json[key]&.key?(name) }
        rescue JSON::ParserError
          false
        end

        def app_name
          File.basename(destination_root).gsub(/[^a-z0-9_]+/i, "_").downcase
        end
    end
  end
end
