require "test_helper"

# Action Cable joins a stream's pub/sub asynchronously. The subscribed reply (and the version in it)
# must wait until the pub/sub says the stream is live; here a fake pub/sub holds that word back.
class LiveStreamTest < ActiveSupport::TestCase
  class HeldPubSub
    attr_reader :confirmations, :handlers, :subscribes, :unsubscribes

    def initialize
      @confirmations = []
      @handlers = {}
      @subscribes = []
      @unsubscribes = []
    end

    def subscribe(channel, handler, on_success)
      @subscribes << channel
      @handlers[channel] = handler
      @confirmations << on_success
    end

    def unsubscribe(channel, _handler)
      @unsubscribes << channel
      @handlers.delete(channel)
    end
  end

  class InlineLoop
    def post = yield
  end

  class InlinePool
    def async_invoke(receiver, method, *args, connection:) = receiver.send(method, *args)
  end

  class Socket
    attr_reader :frames

    def initialize = @frames = []
    def transmit(frame) = @frames << frame
  end

  class Connection
    attr_reader :transmissions, :pubsub, :server, :worker_pool, :current_user, :websocket

    def initialize(user, pubsub = HeldPubSub.new)
      @current_user = user
      @transmissions = []
      @pubsub = pubsub
      @websocket = Socket.new
      @worker_pool = InlinePool.new
      @server = Struct.new(:event_loop, :worker_pool).new(InlineLoop.new, @worker_pool)
    end

    def identifiers = [ :current_user ]
    def config = ActionCable.server.config
    def logger = ActiveSupport::TaggedLogging.new(Logger.new(nil))
    def transmit(data) = @transmissions << data
  end

  setup do
    @member = create_user("live@example.test")
    @account = create_account("Live", members: [ @member ])
    @connection = Connection.new(@member)
    @channel = SyncChannel.new(@connection, { channel: "SyncChannel" }.to_json)
  end

  test "replies subscribed only once the pub/sub confirms the stream, with the version read then" do
    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))

    assert_equal [ id_of(@account) ], @connection.pubsub.handlers.keys
    assert_empty replies, "no reply before the stream is live"

    @account.update!(name: "Committed in the gap") # its marker would not reach a stream still joining
    @connection.pubsub.confirmations.each(&:call)

    assert_equal [ { "type" => "subscribed", "identifier" => id_of(@account), "version" => InertiaSync.version_store.version_of(id_of(@account)) } ], replies
    assert_operator replies.first["version"], :>=, InertiaSync.version_store.current, "the gap's change is in the version"
  end

  test "a second subscribe_to of a live stream replies at once, without joining again" do
    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))
    @connection.pubsub.confirmations.each(&:call)
    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))

    assert_equal 2, replies.count { |reply| reply["type"] == "subscribed" }
    assert_equal 1, @connection.pubsub.confirmations.size
  end

  test "markers are forwarded to the socket as Action Cable would frame them, without re-encoding" do
    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))
    marker = { identifier: id_of(@account), action: "update", timestamp: 1, version: 2 }

    @connection.pubsub.handlers.fetch(id_of(@account)).call(ActiveSupport::JSON.encode(marker))

    assert_equal [ ActiveSupport::JSON.encode(identifier: @channel.identifier, message: marker) ], @connection.websocket.frames
  end

  test "sockets following one identifier share one pub/sub subscription; the last one out leaves it" do
    other = Connection.new(create_user("other@example.test").tap { |user| @account.account_users.create!(user: user) }, @connection.pubsub)
    other_channel = SyncChannel.new(other, { channel: "SyncChannel" }.to_json)
    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))
    other_channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))
    assert_equal [ id_of(@account) ], @connection.pubsub.subscribes
    assert_empty replies, "neither replies before the stream is live"

    @connection.pubsub.confirmations.each(&:call)
    assert_equal "subscribed", replies.last["type"]
    assert_equal "subscribed", other.transmissions.last[:message][:type]

    @connection.pubsub.handlers.fetch(id_of(@account)).call('{"version":7}')
    assert_equal 1, @connection.websocket.frames.size
    assert_equal @connection.websocket.frames, other.websocket.frames

    @channel.perform_action("action" => "unsubscribe_from", "identifier" => id_of(@account))
    assert_empty @connection.pubsub.unsubscribes, "the other socket still follows it"
    @connection.pubsub.handlers.fetch(id_of(@account)).call('{"version":8}')
    assert_equal 1, @connection.websocket.frames.size
    assert_equal 2, other.websocket.frames.size

    other_channel.unsubscribe_from_channel # the tab closed
    assert_equal [ id_of(@account) ], @connection.pubsub.unsubscribes
  end

  test "an unsubscribe_from right after subscribe_to leaves the pub/sub in that order (no stream left running)" do
    deferred = Class.new do
      def initialize = @tasks = []
      def post(&task) = @tasks << task
      def run
        @tasks.shift.call until @tasks.empty?
      end
    end.new
    @connection.server.event_loop = deferred

    @channel.perform_action("action" => "subscribe_to", "identifier" => id_of(@account))
    @channel.perform_action("action" => "unsubscribe_from", "identifier" => id_of(@account))
    deferred.run

    assert_equal [ id_of(@account) ], @connection.pubsub.subscribes
    assert_equal [ id_of(@account) ], @connection.pubsub.unsubscribes
    assert_empty @connection.pubsub.handlers, "the pub/sub still delivers to a stream nobody follows"
    @connection.pubsub.confirmations.each(&:call)
    assert_equal [ "unsubscribed" ], replies.map { |reply| reply["type"] }, "a subscribed reply after the unsubscribed one"
  end

  private
    def replies
      @connection.transmissions.map { |frame| frame[:message] }.compact.map(&:stringify_keys)
    end
end
