require "test_helper"

# A version store that fails before the health check noticed: subscribe_to is answered
# "unavailable" (transient: the client asks again), never "unauthorized" (which it gives up on).
class VersionStoreFailureTest < ActionCable::Channel::TestCase
  tests SyncChannel

  # The reply as the wire protocol fixture shared with the client shows it.
  UNAVAILABLE = JSON.parse(File.read(File.expand_path("../../../contract/protocol.json", __dir__))).dig("replies", "error_unavailable")

  # A memory store whose reads raise while +down+, as a Redis that stopped answering would.
  class FailingStore < SimpleDelegator
    attr_accessor :down

    def version_of(identifier) = down ? raise(InertiaSync::VersionStore::Unavailable, "down") : super
  end

  setup do
    @member = create_user
    @account = create_account(members: [ @member ])
    @identifier = id_of(@account)
    InertiaSync.version_store = @store = FailingStore.new(InertiaSync::VersionStore::Memory.new)
    @log = StringIO.new
    logger = ActiveSupport::Logger.new(@log)
    stub_connection current_user: @member
    subscribe
    subscription.define_singleton_method(:logger) { logger }
    InertiaSync::StoreFailure.answered
  end

  test "subscribe_to while the store fails is answered unavailable, holds no stream, and is answered once it is back" do
    @store.down = true
    perform :subscribe_to, identifier: @identifier

    assert_equal UNAVAILABLE.merge("identifier" => @identifier), transmissions.last.to_h
    assert_no_streams

    @store.down = false
    perform :subscribe_to, identifier: @identifier
    assert_equal({ "type" => "subscribed", "identifier" => @identifier, "version" => @store.version_of(@identifier) }, transmissions.last.to_h)
    assert_has_stream @identifier
  end

  test "the failure is logged once per outage, as a warning without a backtrace, and the health check is told" do
    reported = []
    check = Object.new
    check.define_singleton_method(:lost) { |reason| reported << reason }
    InertiaSync::HealthCheck::RUNNING_LOCK.synchronize { InertiaSync::HealthCheck::RUNNING << check }
    @store.down = true

    3.times { perform :subscribe_to, identifier: @identifier }
    assert_equal 1, @log.string.scan("version store unavailable").size, @log.string
    assert_equal 3, reported.size
    assert_not_includes @log.string, ".rb:", "no backtrace"

    @store.down = false
    perform :subscribe_to, identifier: @identifier
    @store.down = true
    perform :subscribe_to, identifier: "#{@identifier}/account_users"
    assert_equal 2, @log.string.scan("version store unavailable").size, "a new outage warns again: #{@log.string}"
  ensure
    InertiaSync::HealthCheck::RUNNING_LOCK.synchronize { InertiaSync::HealthCheck::RUNNING.delete(check) }
  end
end
