require "test_helper"
require "generators/inertia_sync/install/install_generator"

class InstallGeneratorTest < Rails::Generators::TestCase
  tests InertiaSync::Generators::InstallGenerator
  destination File.expand_path("../../tmp/generator", __dir__)
  setup :prepare_destination

  def write(path, content)
    FileUtils.mkdir_p(File.dirname(File.join(destination_root, path)))
    File.write(File.join(destination_root, path), content)
  end

  test "creates the channels and the initializer in a fresh app" do
    run_generator

    assert_file "app/channels/application_cable/connection.rb", /include InertiaSync::Connection/
    assert_file "app/channels/application_cable/channel.rb", /class Channel < ActionCable::Channel::Base/
    assert_file "app/channels/sync_channel.rb", /class SyncChannel < ApplicationCable::Channel\n  include InertiaSync::Channel/
    assert_file "config/initializers/inertia_sync.rb", /InertiaSync.configure do \|config\|/
  end

  test "anchors Action Cable's allowed origins in development to the app's own port" do
    write "config/environments/development.rb", "Rails.application.configure do\n  config.enable_reloading = true\nend\n"
    run_generator

    assert_file "config/environments/development.rb" do |content|
      line = content[/^  config\.action_cable\.allowed_request_origins = (.*)$/, 1]
      assert line, content
      origins = eval(line) # rubocop:disable Security/Eval -- the generated line, to check what it allows
      allowed = ->(origin) { origins.any? { |pattern| pattern.match?(origin) } }
      assert allowed.("http://localhost:3000")
      assert allowed.("http://127.0.0.1:3000")
      [ "http://localhost:4000", "http://localhost:30000", "http://localhost:3000.evil.example", "http://evil.example/http://localhost:3000", "https://localhost:3000@evil.example" ].each do |origin|
        assert_not allowed.(origin), origin
      end
    end
    run_generator
    assert_equal 1, File.read(File.join(destination_root, "config/environments/development.rb")).scan("allowed_request_origins").size, "added twice"
  end

  test "patches an existing bare connection" do
    write "app/channels/application_cable/connection.rb", <<~RUBY
      module ApplicationCable
        class Connection < ActionCable::Connection::Base
        end
      end
    RUBY

    run_generator

    assert_file "app/channels/application_cable/connection.rb", /class Connection < ActionCable::Connection::Base\n    include InertiaSync::Connection\n  end/
  end

  test "leaves a connection that already identifies current_user alone" do
    source = <<~RUBY
      module ApplicationCable
        class Connection < ActionCable::Connection::Base
          identified_by :current_user
        end
      end
    RUBY
    write "app/channels/application_cable/connection.rb", source

    run_generator

    assert_file "app/channels/application_cable/connection.rb", source
  end

  test "adds the client setup to a Svelte entrypoint that imports nothing from inertia-sync" do
    write "app/frontend/entrypoints/inertia.ts", <<~TS
      import { createInertiaApp } from '@inertiajs/svelte'
      import { mount } from 'svelte'

      createInertiaApp({ resolve: (name) => name })
    TS

    run_generator

    assert_file "app/frontend/entrypoints/inertia.ts" do |content|
      assert_includes content, "import { createInertiaApp, router } from '@inertiajs/svelte'"
      assert_equal 1, content.scan("@inertiajs/svelte").size
      assert_includes content, "import { mount } from 'svelte'\nimport { syncRegistry } from 'inertia-sync'"
      assert_match(/import \{ syncRegistry \} from 'inertia-sync'\n\n\/\/ Live updates.*\nsyncRegistry\.configure\(\{ router \}\)\n/, content)
      assert_operator content.index("syncRegistry.configure"), :<, content.index("createInertiaApp({")
    end
  end

  test "reuses an imported router and the React adapter" do
    write "app/frontend/entrypoints/inertia.jsx", <<~JS
      import { createInertiaApp, router } from '@inertiajs/react'

      createInertiaApp({})
    JS

    run_generator

    assert_file "app/frontend/entrypoints/inertia.jsx" do |content|
      assert_not_includes content, "import { router }"
      assert_includes content, "import { syncRegistry } from 'inertia-sync'"
      assert_includes content, "syncRegistry.configure({ router })"
    end
  end

  test "running twice changes nothing the second time" do
    write "app/frontend/entrypoints/inertia.js", "import { createInertiaApp } from '@inertiajs/vue3'\n\ncreateInertiaApp({})\n"
    run_generator
    first = File.read(File.join(destination_root, "app/frontend/entrypoints/inertia.js"))

    run_generator

    assert_file "app/frontend/entrypoints/inertia.js", first
    assert_includes first, "import { createInertiaApp, router } from '@inertiajs/vue3'"
    assert_file "app/channels/application_cable/connection.rb" do |content|
      assert_equal 1, content.scan("include InertiaSync::Connection").size
    end
  end

  test "an entrypoint without an import from the adapter gets its own router import" do
    write "app/frontend/entrypoints/inertia.ts", "import './application.css'\n\nstart()\n"

    run_generator

    assert_file "app/frontend/entrypoints/inertia.ts", /\Aimport '.\/application.css'\nimport \{ router \} from '@inertiajs\/svelte'\nimport \{ syncRegistry \} from 'inertia-sync'\n/
  end

  test "development's async cable becomes Redis when the app bundles redis" do
    write "Gemfile", %(source "https://rubygems.org"\ngem "rails"\ngem "redis", ">= 4.0.1"\n)
    write "config/cable.yml", RAILS_CABLE_YML

    run_generator

    assert_file "config/cable.yml" do |content|
      development = YAML.load(content, aliases: true).fetch("development")
      assert_equal "redis", development["adapter"]
      assert_match(/REDIS_URL/, content)
      assert_match(/^test:\n  adapter: test\n/, content)
      assert_match(/^production:\n  adapter: solid_cable\n/, content)
    end
    assert_file "Gemfile", /gem "redis", ">= 4.0.1"\n\z/
  end

  test "without redis in the bundle, development stays async and the generator says what to do" do
    write "Gemfile", %(source "https://rubygems.org"\ngem "rails"\n)
    write "config/cable.yml", RAILS_CABLE_YML

    output = run_generator

    assert_file "config/cable.yml", RAILS_CABLE_YML
    assert_match(/development keeps Action Cable's async adapter.*--development-cable=redis/m, output)
  end

  test "--development-cable=redis adds the redis gem" do
    write "Gemfile", %(source "https://rubygems.org"\ngem "rails"\n)
    write "config/cable.yml", RAILS_CABLE_YML

    run_generator [ "--development-cable=redis" ]

    assert_file "Gemfile", /^gem "redis", ">= 4.0.1"$/
    assert_file "config/cable.yml", /^development:\n  adapter: redis\n/
  end

  test "an adapter other than async in development is left alone" do
    yaml = RAILS_CABLE_YML.sub("development:\n  adapter: async", "development:\n  adapter: solid_cable")
    write "Gemfile", %(gem "redis"\n)
    write "config/cable.yml", yaml

    run_generator

    assert_file "config/cable.yml", yaml
  end

  test "prints the npm install hint only for the packages that are missing, and the getting-started link" do
    write "package.json", JSON.generate(dependencies: { "@rails/actioncable" => "^8.1.0" })
    output = run_generator
    assert_match(/npm install inertia-sync$/, output)
    assert_match(%r{Next, your first synced page: https://\S+/docs/getting-started.md}, output)

    write "package.json", JSON.generate(dependencies: { "@rails/actioncable" => "^8.1.0" }, devDependencies: { "inertia-sync" => "file:../pkg/inertia-sync-0.1.0.tgz" })
    assert_no_match(/npm install/, run_generator)
  end

  test "the initializer lists every option the configuration has, with its default" do
    run_generator

    assert_file "config/initializers/inertia_sync.rb" do |content|
      InertiaSync::Configuration.new.to_h.each_key do |option|
        assert_match(/^  # config\.#{option} = /, content, "#{option} is missing from the initializer")
      end
    end
  end

  # What `rails new` (8.1) writes.
  RAILS_CABLE_YML = <<~YAML
    # Async adapter only works within the same process, so for manually triggering cable updates from a console,
    # and seeing results in the browser, you must do so from the web console (running inside the dev process),
    # not a terminal started via bin/rails console! Add "console" to any action or any ERB template view
    # to make the web console appear.
    development:
      adapter: async

    test:
      adapter: test

    production:
      adapter: solid_cable
      connects_to:
        database:
          writing: cable
      polling_interval: 0.1.seconds
      message_retention: 1.day
  YAML
end
