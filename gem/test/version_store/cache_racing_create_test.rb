require "test_helper"

# A cache store whose create is not atomic, as Solid Cache's on PostgreSQL (a row lock cannot lock a row
# that does not exist yet) or a file store's: a process finds the key missing, and its write of the new
# value lands later, over whatever other processes did meanwhile. The cache store is the boundary faked
# here, to pause one process between its read and its write; the version store is real.
class VersionStoreCacheRacingCreateTest < ActiveSupport::TestCase
  # A MemoryStore whose +increment+ and +write(unless_exist: true)+ of a missing key read first, then
  # run +on_missing+ (the pause), then write.
  class RacingCreateStore < ActiveSupport::Cache::MemoryStore
    attr_accessor :on_missing

    def increment(name, amount = 1, **options)
      return super if exist?(name)

      pause
      write(name, amount, **options)
      amount
    end

    def write(name, value, unless_exist: false, **options)
      return super(name, value, **options) unless unless_exist
      return false if exist?(name)

      pause
      super(name, value, **options)
    end

    private
      def pause
        hook, self.on_missing = on_missing, nil
        hook&.call
      end
  end

  setup do
    @cache = RacingCreateStore.new
    @late, @early = InertiaSync::VersionStore::Cache.new(@cache), InertiaSync::VersionStore::Cache.new(@cache)
  end

  # The late process found the sequence missing before the early one started it; its create lands after
  # the early one handed out versions, and moves the sequence back. It must still hand out a version
  # above them, and the floor must not end above the sequence.
  test "a create landing after another process started the sequence never hands out a version twice or lower" do
    found_missing, resume = Queue.new, Queue.new
    @cache.on_missing = -> { found_missing << true; resume.pop }
    late = Thread.new { @late.next_version([ "Account:abcdef" ]) }
    found_missing.pop

    early = Array.new(3) { @early.next_version([ "Account:abcdef" ]) }
    resume << true
    late_version = late.value

    assert_operator late_version, :>, early.max, "the late process handed out #{late_version}, at or below #{early.inspect}"
    assert_operator @early.next_version([ "Account:ghijkl" ]), :>, late_version
    assert_operator @early.current, :>=, late_version
    assert_operator @early.version_of("Account:zzzzzz"), :<=, @early.current, "the floor is above the sequence"
    assert_operator @early.version_of("Account:abcdef"), :>=, early.max
  end

  # The same race, met by the first read of a page (current) rather than a transaction.
  test "a create landing late under a page's read of the sequence" do
    found_missing, resume = Queue.new, Queue.new
    @cache.on_missing = -> { found_missing << true; resume.pop }
    late = Thread.new { @late.current }
    found_missing.pop

    early = Array.new(3) { @early.next_version([ "Account:abcdef" ]) }
    resume << true
    late.value

    assert_operator @late.next_version([ "Account:abcdef" ]), :>, early.max
    assert_operator @early.version_of("Account:zzzzzz"), :<=, @early.current, "the floor is above the sequence"
  end
end
