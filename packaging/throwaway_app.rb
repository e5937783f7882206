# A minimal Rails 8 app in a directory, shaped like one made by `rails new`, inertia_rails' installer
# (Svelte, TypeScript) and Rails' authentication generator, with only the gems this machine has.
class ThrowawayApp
  attr_reader :dir

  def initialize(dir, root:)
    @dir = dir
    @root = root
    @gem_home = File.join(File.dirname(dir), "gems")
  end

  def create!
    write "Gemfile", <<~RUBY
      source "https://rubygems.org"

      gem "rails", "#{locked_version("railties")}"
      gem "sqlite3"
      gem "bcrypt"
      gem "inertia_rails"
      gem "inertia_sync"

      group :test do
        gem "capybara"
      end
    RUBY
    write "config/boot.rb", %(ENV["BUNDLE_GEMFILE"] ||= File.expand_path("../Gemfile", __dir__)\nrequire "bundler/setup"\n)
    write "config/application.rb", <<~RUBY
      require_relative "boot"
      require "rails"
      %w[active_model/railtie active_job/railtie active_record/railtie action_controller/railtie
         action_view/railtie action_cable/engine rails/test_unit/railtie].each { |railtie| require railtie }
      Bundler.require(*Rails.groups)

      module BoardApp
        class Application < Rails::Application
          config.load_defaults 8.1
          config.secret_key_base = "throwaway-app-secret-key-base-0123456789abcdef0123456789abcdef"
        end
      end
    RUBY
    write "config/environment.rb", %(require_relative "application"\nRails.application.initialize!\n)
    write "config/environments/development.rb", "Rails.application.configure do\n  config.eager_load = false\n  config.enable_reloading = true\nend\n"
    write "config/environments/test.rb", "Rails.application.configure do\n  config.eager_load = false\nend\n"
    write "config/database.yml", <<~YAML
      development:
        adapter: sqlite3
        database: storage/development.sqlite3
      test:
        adapter: sqlite3
        database: storage/test.sqlite3
    YAML
    write "config/cable.yml", "development:\n  adapter: async\n\ntest:\n  adapter: test\n\nproduction:\n  adapter: redis\n"
    write "Rakefile", %(require_relative "config/application"\nRails.application.load_tasks\n)
    write "config/routes.rb", "Rails.application.routes.draw do\nend\n"
    write "bin/rails", <<~RUBY
      #!/usr/bin/env ruby
      APP_PATH = File.expand_path("../config/application", __dir__)
      require_relative "../config/boot"
      require "rails/commands"
    RUBY
    File.chmod(0o755, File.join(dir, "bin/rails"))
    write "app/models/application_record.rb", "class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n"
    write "app/controllers/application_controller.rb", "class ApplicationController < ActionController::Base\nend\n"
    # What the authentication generator adds, as far as sync is concerned.
    write "app/models/session.rb", "class Session < ApplicationRecord\n  belongs_to :user\nend\n"
    write "app/models/user.rb", "class User < ApplicationRecord\n  has_secure_password\n  has_many :sessions, dependent: :destroy\nend\n"
    write "app/models/current.rb", <<~RUBY
      class Current < ActiveSupport::CurrentAttributes
        attribute :session
        delegate :user, to: :session, allow_nil: true
      end
    RUBY
    write "db/migrate/20250101000000_create_users_and_sessions.rb", <<~RUBY
      class CreateUsersAndSessions < ActiveRecord::Migration[8.1]
        def change
          create_table :users do |t|
            t.string :email_address, null: false, index: { unique: true }
            t.string :password_digest, null: false
            t.timestamps
          end
          create_table :sessions do |t|
            t.references :user, null: false, foreign_key: true
            t.timestamps
          end
        end
      end
    RUBY
    write "test/test_helper.rb", %(ENV["RAILS_ENV"] ||= "test"\nrequire_relative "../config/environment"\nrequire "rails/test_help"\n)
    write "log/.keep", ""
    # inertia_rails' installer (Svelte, TypeScript), before the sync generator runs.
    write "package.json", JSON.pretty_generate(name: "board_app", private: true, type: "module")
    write "app/frontend/entrypoints/inertia.ts", <<~TS
      import { createInertiaApp } from '@inertiajs/svelte'

      createInertiaApp({ pages: '../pages' })
    TS
    write "tsconfig.json", JSON.pretty_generate(
      compilerOptions: {
        target: "ES2022", module: "ESNext", moduleResolution: "bundler", strict: true, verbatimModuleSyntax: true,
        isolatedModules: true, skipLibCheck: true, lib: %w[ES2022 DOM DOM.Iterable], types: []
      },
      include: %w[app/frontend/**/*.ts app/frontend/**/*.svelte]
    )
  end

  # The gem from its built file, installed with `gem install` (into the app's private gem home), then
  # resolved by Bundler like any installed gem, offline.
  def bundle_with_gem!(gem_file)
    run!("gem", "install", "--local", "--no-document", gem_file)
    run!("bundle", "install", "--local", "--quiet")
  end

  # The npm package from its tarball, with the versions of the peers this repository tests against.
  def npm_install!(tgz)
    peers = %w[@inertiajs/svelte @inertiajs/core svelte @rails/actioncable svelte-check typescript].map do |name|
      "#{name}@#{JSON.parse(File.read(File.join(@root, "demo/node_modules", name, "package.json")))["version"]}"
    end
    run!("npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tgz, *peers)
  end

  def rails!(*args, env: {})
    run!("bin/rails", *args, env: env)
  end

  # Runs a command in the app (or +chdir+) with the app's private gem home; returns its output,
  # raises with it when the command fails.
  def run!(*command, chdir: dir, env: {})
    output, status = Open3.capture2e(base_env.merge(env), *command, chdir: chdir)
    raise "#{command.join(" ")} failed (#{status.exitstatus}):\n#{output}" unless status.success?

    output
  end

  def write(path, content)
    FileUtils.mkdir_p(File.dirname(File.join(dir, path)))
    File.write(File.join(dir, path), content)
  end

  def read(path)
    File.read(File.join(dir, path))
  end

  private
    def base_env
      {
        "GEM_HOME" => @gem_home, "GEM_PATH" => [ @gem_home, *Gem.path ].join(File::PATH_SEPARATOR),
        "BUNDLE_GEMFILE" => nil, "BUNDLE_PATH" => nil, "BUNDLE_APP_CONFIG" => File.join(dir, ".bundle"),
        "RUBYOPT" => nil, "RAILS_ENV" => nil, "BUNDLE_FROZEN" => nil, "BUNDLE_DEPLOYMENT" => nil
      }
    end

    def locked_version(name)
      File.read(File.join(@root, "gem/Gemfile.lock"))[/^    #{Regexp.escape(name)} \(([^)]+)\)/, 1]
    end
end
