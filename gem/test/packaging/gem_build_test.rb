require "test_helper"
require "open3"
require "rubygems/package"

# Builds the gem as it would be published and reads what it ships.
class GemBuildTest < ActiveSupport::TestCase
  GEM_ROOT = File.expand_path("../..", __dir__)

  # Built once for the whole class, into a directory removed at exit.
  def self.package
    @package ||= begin
      dir = Dir.mktmpdir("inertia_sync-gem")
      Minitest.after_run { FileUtils.rm_rf(dir) }
      path = File.join(dir, "inertia_sync.gem")
      output, status = Open3.capture2e("gem", "build", "inertia_sync.gemspec", "--output", path, chdir: GEM_ROOT)
      raise "gem build failed: #{output}" unless status.success?

      Gem::Package.new(path)
    end
  end

  setup { @package = self.class.package }

  test "ships the engine, the generator and its templates, the docs and the license; no tests" do
    files = @package.contents

    %w[lib/inertia_sync.rb lib/inertia_sync/engine.rb lib/inertia_sync/system_test_helper.rb lib/inertia_sync/test_helper.rb
       app/channels/inertia_sync/channel.rb lib/generators/inertia_sync/install/install_generator.rb
       lib/generators/inertia_sync/install/templates/initializer.rb.tt README.md CHANGELOG.md LICENSE].each do |file|
      assert_includes files, file
    end
    assert_empty files.grep(%r{\Atest/})
  end

  test "says where its source, changelog and issues are, and bounds its dependencies" do
    spec = @package.spec

    assert_match %r{\Ahttps://}, spec.homepage
    %w[source_code_uri changelog_uri bug_tracker_uri].each { |key| assert_match %r{\Ahttps://}, spec.metadata[key], key }
    spec.runtime_dependencies.each do |dependency|
      assert dependency.requirement.requirements.any? { |operator, _| operator == "<" || operator == "~>" },
        "#{dependency.name} has no upper bound: #{dependency.requirement}"
    end
  end

  test "its README links only to absolute URLs, so they work from the gem's page" do
    links = File.read(File.join(GEM_ROOT, "README.md")).scan(/\]\(([^)\s]+)\)/).flatten

    assert_not_empty links
    links.each { |link| assert_match %r{\A(https://|#)}, link }
  end
end
