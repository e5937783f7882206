require "test_helper"
require "version_store/shared_examples"

class VersionStoreMemoryTest < ActiveSupport::TestCase
  include VersionStoreExamples

  def build_store
    InertiaSync::VersionStore::Memory.new
  end

  test "is thread-safe: concurrent transactions get distinct versions" do
    store = build_store
    versions = 8.times.map { Thread.new { 50.times.map { store.next_version([ "Account:abcdef" ]) } } }.flat_map(&:value)

    assert_equal 400, versions.uniq.size
    assert_equal (versions.min..versions.max).to_a, versions.sort
  end

  test "picked by default on a single-process cable quietly, with a warning on a shared one" do
    config = InertiaSync::Configuration.new
    { "async" => false, "solid_cable" => true }.each do |adapter, warns|
      output = StringIO.new
      InertiaSync.stub(:logger, ActiveSupport::Logger.new(output)) do
        InertiaSync::VersionStore.stub(:cable_config, { adapter: adapter }) do
          assert_instance_of InertiaSync::VersionStore::Memory, InertiaSync::VersionStore.build(config)
        end
      end
      assert_equal warns, output.string.include?("versions are kept in this process's memory"), adapter
    end
  end
end
