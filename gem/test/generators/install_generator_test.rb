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
      assert_includes content, "import { router } from '@inertiajs/svelte'"
      assert_includes content, "import { syncRegistry } from 'inertia-sync'"
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
    assert_includes first, "import { router } from '@inertiajs/vue3'"
    assert_file "app/channels/application_cable/connection.rb" do |content|
      assert_equal 1, content.scan("include InertiaSync::Connection").size
    end
  end
end
