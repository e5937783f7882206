require "test_helper"

# Action Cable joins a stream's pub/sub asynchronously. The subscribed reply (and the version in it)
# must wait until the pub/sub says the stream is live; here a fake pub/sub holds that word back.
class LiveStreamTest < ActiveSupport::TestCase
  class HeldPubSub
    attr_reader :confirmations, :handlers

    def initialize
      @confirmations = []
      @handlers = {}
    end

    def subscribe(channel, handler, on_success)
      @handlers[channel] = handler
      @confirmations << on_success
    end

    def unsubscribe(channel, _handler)
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

    def initialize(user)
      @current_user = user
      @transmissions = []
      @pubsub = HeldPubSub.new
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

  private
    def replies
      @connection.transmissions.map { |frame| frame[:message] }.compact.map(&:stringify_keys)
    end
end
