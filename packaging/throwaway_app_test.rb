# A newcomer's first five minutes, replayed: builds both packages with bin/package, creates a
# throwaway Rails app in a temporary directory, installs the gem and the npm package from the built
# files (no registry needed for them), runs the install generator, pastes in the code of
# docs/getting-started.md, and checks that it all loads, compiles and passes its own tests.
#
#   ruby packaging/throwaway_app_test.rb      (bin/test package)
#
# Offline where it can be: gems come from this machine's installed gems (`bundle install --local`,
# into a private GEM_HOME), npm packages from npm's cache first (`--prefer-offline`).
require "minitest/autorun"
require "fileutils"
require "json"
require "open3"
require "tmpdir"
require_relative "throwaway_app"
require_relative "getting_started"

class ThrowawayAppTest < Minitest::Test
  ROOT = File.expand_path("..", __dir__)
  GUIDE = File.join(ROOT, "docs/getting-started.md")

  # One scenario whose steps build on each other: a single test, in order.
  def test_a_newcomer_ships_a_synced_page_from_the_built_packages
    Dir.mktmpdir("inertia-sync-throwaway") do |dir|
      app = ThrowawayApp.new(File.join(dir, "board_app"), root: ROOT)
      gem_file, tgz = app.run!("bin/package", File.join(dir, "pkg"), chdir: ROOT).lines.map(&:strip).last(2)
      assert_match(/inertia_sync-.+\.gem\z/, gem_file)
      assert_match(/inertia-sync-.+\.tgz\z/, tgz)

      app.create!
      app.bundle_with_gem!(gem_file)

      generated = app.rails!("generate", "inertia_sync:install")
      assert_match %r{Next, your first synced page: https://\S+/docs/getting-started\.md}, generated
      assert_match(/npm install inertia-sync @rails\/actioncable/, generated)
      assert_match(/development keeps Action Cable's async adapter/, generated)
      assert_includes app.read("app/channels/sync_channel.rb"), "include InertiaSync::Channel"
      entrypoint = app.read("app/frontend/entrypoints/inertia.ts")
      assert_includes entrypoint, "import { createInertiaApp, router } from '@inertiajs/svelte'\nimport { syncRegistry } from 'inertia-sync'"
      assert_includes entrypoint, "syncRegistry.configure({ router })"

      guide = GettingStarted.new(File.read(GUIDE))
      guide.generator_commands.each { |command| app.run!(*command.split) }
      guide.files.each { |path, code| app.write(path, code) }
      assert_operator guide.files.size, :>=, 8, "the guide's path-annotated blocks: #{guide.files.keys}"
      app.rails!("db:migrate")
      app.rails!("db:test:prepare")

      # The guide's own tests (models and channel authorization).
      tests = app.rails!("test")
      assert_match(/\d+ runs, \d+ assertions, 0 failures, 0 errors/, tests)

      checks = app.rails!("runner", "-e", "test", <<~RUBY)
        Rails.application.eager_load!
        board = Board.create!(name: "Launch")
        card = board.cards.create!(title: "Docs")
        include Rails.application.routes.url_helpers
        puts "board_path=\#{board_path(board) == "/boards/\#{board.obfuscated_id}"}"
        puts "card_path=\#{board_card_path(board, card) == "/boards/\#{board.obfuscated_id}/cards/\#{card.obfuscated_id}"}"
        puts "identifier=\#{board.sync_identifier}"
        require "action_dispatch/system_test_case"
        puts "system_test_helper=\#{ActionDispatch::SystemTestCase.include?(InertiaSync::SystemTestHelper)}"
      RUBY
      assert_includes checks, "board_path=true"
      assert_includes checks, "card_path=true"
      assert_match(/identifier=Board:[A-Za-z0-9]{6,}$/, checks)
      assert_includes checks, "system_test_helper=true"

      # Development: a warning at boot about the async adapter, one log line per marker.
      app.rails!("db:prepare", env: { "RAILS_ENV" => "development" })
      app.rails!("runner", "-e", "development", 'Board.create!(name: "From a runner")')
      log = app.read("log/development.log")
      assert_match(/\[InertiaSync\] Action Cable's async adapter reaches this process only/, log)
      assert_match(/\[InertiaSync\] Broadcasting Board:\w+ create \(version \d+\)/, log)

      # The client: the built tarball, the generator's entrypoint and the guide's page compile.
      app.npm_install!(tgz)
      assert_match(/svelte-check found 0 errors and 0 warnings/, app.run!("npx", "svelte-check", "--tsconfig", "./tsconfig.json", "--fail-on-warnings"))
    end
  end
end
