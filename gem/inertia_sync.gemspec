require_relative "lib/inertia_sync/version"

Gem::Specification.new do |spec|
  spec.name        = "inertia_sync"
  spec.version     = InertiaSync::VERSION
  spec.authors     = [ "inertia_sync contributors" ]
  spec.summary     = "Real-time prop sync for Rails + Inertia.js: models broadcast tiny markers, tabs reload exactly the props that changed."
  spec.description = "A Rails engine: the Broadcastable model concern, an authorizing SyncChannel, obfuscated ids, versioned markers, an install generator and test helpers. Pairs with the inertia-sync npm package."
  spec.license     = "MIT"
  spec.required_ruby_version = ">= 3.2"

  spec.files = Dir["{app,config,lib}/**/*", "README.md", "CHANGELOG.md", "LICENSE"]

  %w[railties activerecord actioncable activejob activesupport].each do |name|
    spec.add_dependency name, ">= 7.2"
  end
  spec.add_dependency "sqids", ">= 0.2"
end
