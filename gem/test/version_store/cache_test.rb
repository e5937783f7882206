require "test_helper"
require "version_store/shared_examples"

class VersionStoreCacheTest < ActiveSupport::TestCase
  include VersionStoreExamples

  def build_store
    InertiaSync::VersionStore::Cache.new(ActiveSupport::Cache::MemoryStore.new)
  end

  test "two stores on one cache share versions (as two processes on one Solid Cache would)" do
    cache = ActiveSupport::Cache::MemoryStore.new
    a = InertiaSync::VersionStore::Cache.new(cache)
    b = InertiaSync::VersionStore::Cache.new(cache)

    first = a.next_version([ "Account:abcdef" ])
    assert_equal first + 1, b.next_version([ "Account:abcdef" ])
    assert_equal first + 1, a.version_of("Account:abcdef")
  end

  test "works with a file store, whose increment needs an existing key" do
    Dir.mktmpdir do |dir|
      store = InertiaSync::VersionStore::Cache.new(ActiveSupport::Cache::FileStore.new(dir))
      first = store.next_version([ "Account:abcdef" ])
      assert_operator first, :>, 1, "starts at the clock, not at 1"
      assert_equal first + 1, store.next_version([ "Account:abcdef" ])
      assert_equal first + 1, store.current
    end
  end
  # A file store cleared while in use (rails tmp:clear) loses the sequence and the floor; the lock stays.
  test "a file store cleared between two versions hands out the second above the first" do
    Dir.mktmpdir do |dir|
      cache = ActiveSupport::Cache::FileStore.new(dir)
      store = InertiaSync::VersionStore::Cache.new(cache)
      first = store.next_version([ "Account:abcdef" ])
      cache.clear

      assert_operator store.next_version([ "Account:abcdef" ]), :>, first
      assert_operator store.version_of("Account:ghijkl"), :>, first
    end
  end

  # Rails cache stores swallow their backend's errors and answer nil, as a NullStore always does.
  test "a cache that is down raises Unavailable instead of reading versions as 0" do
    store = InertiaSync::VersionStore::Cache.new(ActiveSupport::Cache::NullStore.new)

    assert_raises(InertiaSync::VersionStore::Unavailable) { store.current }
    assert_raises(InertiaSync::VersionStore::Unavailable) { store.version_of("Account:abcdef") }
    assert_raises(InertiaSync::VersionStore::Unavailable) { store.next_version([ "Account:abcdef" ]) }
    assert_raises(InertiaSync::VersionStore::Unavailable) { store.advance_floor }
  end

  # Another process starts the sequence and writes the floor just after it: a reader in between
  # finds a sequence and no floor. Found by the two-process Solid Cable test under load.
  test "a sequence without its floor yet reads as the sequence, not as an outage" do
    cache = ActiveSupport::Cache::MemoryStore.new
    starter = InertiaSync::VersionStore::Cache.new(cache)
    reader = InertiaSync::VersionStore::Cache.new(cache)
    version = starter.next_version([ "Account:abcdef" ])
    cache.delete("#{InertiaSync::VersionStore::KEY_PREFIX}:floor")

    assert_equal version, reader.version_of("Account:abcdef")
    assert_equal version, reader.version_of("Account:ghijkl"), "an unknown identifier reads as the sequence"
    assert_operator starter.next_version([ "Account:abcdef" ]), :>, reader.version_of("Account:ghijkl")
  end

  # Only a foreign write can leave the floor above the sequence; it still reads as at most the sequence,
  # so no version handed out after it is at or below the floor a client read.
  test "a floor written above the sequence reads as the sequence" do
    cache = ActiveSupport::Cache::MemoryStore.new
    store = InertiaSync::VersionStore::Cache.new(cache)
    first = store.next_version([ "Account:abcdef" ])
    cache.write("#{InertiaSync::VersionStore::KEY_PREFIX}:floor", first + 500, raw: true)

    floor_read = store.version_of("Account:ghijkl")
    assert_equal first, floor_read
    assert_operator store.next_version([ "Account:abcdef" ]), :>, floor_read
  end

  # A sequence lost (evicted) counts from 1 again: the next version jumps above the clock and the floor.
  test "a lost sequence jumps above every version handed out before it" do
    cache = ActiveSupport::Cache::MemoryStore.new
    store = InertiaSync::VersionStore::Cache.new(cache)
    before = store.next_version([ "Account:abcdef" ])
    cache.delete("#{InertiaSync::VersionStore::KEY_PREFIX}:seq")

    after = store.next_version([ "Account:ghijkl" ])
    assert_operator after, :>, before
    assert_equal after, store.version_of("Account:zzzzzz"), "everything may have changed while it was lost"
    assert_equal after, store.current
  end

  # The process that counted 1 after a loss jumps the sequence; one that counts 2 while that jump is
  # on its way waits for it. If the jump never comes (that process died), the waiter jumps itself.
  test "a count left below the clock by a process that died before its jump is healed by the next" do
    cache = ActiveSupport::Cache::MemoryStore.new
    store = InertiaSync::VersionStore::Cache.new(cache)
    before = store.next_version([ "Account:abcdef" ])
    cache.write("#{InertiaSync::VersionStore::KEY_PREFIX}:seq", 1, raw: true)

    after = store.next_version([ "Account:abcdef" ])
    assert_operator after, :>, before
    assert_operator store.next_version([ "Account:abcdef" ]), :>, after
  end
end
