require_relative "lib/inertia_sync/version"

Gem::Specification.new do |spec|
  spec.name        = "inertia_sync"
  spec.version     = InertiaSync::VERSION
  spec.authors     = [ "inertia_sync contributors" ]
  spec.summary     = "Real-time prop sync for Rails + Inertia.js: models broadcast tiny markers, tabs reload exactly the props that changed."
  spec.description = "A Rails engine: the Broadcastable model concern, an authorizing SyncChannel, obfuscated ids, versioned markers, an install generator and test helpers. Pairs with the inertia-sync npm package."
  spec.license     = "MIT"
  spec.homepage    = "https://github.com/inertia-sync/inertia_sync"
  spec.required_ruby_version = ">= 3.2"

  spec.metadata = {
    "homepage_uri" => spec.homepage,
    "source_code_uri" => "#{spec.homepage}/tree/main/gem",
    "changelog_uri" => "#{spec.homepage}/blob/main/gem/CHANGELOG.md",
    "bug_tracker_uri" => "#{spec.homepage}/issues",
    "documentation_uri" => "#{spec.homepage}/blob/main/docs/getting-started.md",
    "rubygems_mfa_required" => "true"
  }

  spec.files = Dir["{app,config,lib}/**/*", "README.md", "CHANGELOG.md", "LICENSE"]

  %w[railties activerecord actioncable activejob activesupport].each do |name|
    spec.add_dependency name, ">= 7.2", "< 9"
  end
  spec.add_dependency "sqids", ">= 0.2", "< 1"
end
