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
end
