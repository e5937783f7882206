# What InertiaSync::CableInternals relies on in Action Cable, checked against the Action Cable that is
# loaded. Needs no Rails app, so bin/test gem runs it under every supported Rails:
#
#   BUNDLE_GEMFILE=gemfiles/rails_7_2.gemfile bundle exec ruby -Itest test/cable_internals/cable_internals_test.rb
require "minitest/autorun"
require "minitest/mock"
require "socket"
require "stringio"
require "action_cable"
require "action_cable/subscription_adapter/redis"
require "inertia_sync"
require_relative "../../app/channels/inertia_sync/live_stream"

class CableInternalsTest < Minitest::Test
  class ProbeChannel < ActionCable::Channel::Base
    include InertiaSync::LiveStream
  end

  # What a Stream needs of its ClientSocket: the Rack env and a way to be told the client left.
  class SocketObject
    attr_reader :env, :gone

    def initialize(io) = @env = { "rack.hijack" => -> { io } }
    def client_gone = @gone = true
  end

  # An event loop that runs what is posted when the test says so.
  class ManualLoop
    attr_reader :posted

    def initialize = @posted = []
    def post(&block) = @posted << block
    def attach(*) = nil
    def detach(io, _) = io.close
    def writes_pending(*) = nil
  end

  def setup
    @log = StringIO.new
    InertiaSync.config = { max_send_queue: 20 }
  end

  def teardown
    InertiaSync.config = {}
  end

  def test_the_internals_are_the_known_ones
    assert InertiaSync::CableInternals.internals_known?, "Action Cable #{ActionCable.version} does not have the internals CableInternals uses"
  end

  def test_a_channel_on_a_real_connection_gets_socket_event_loop_worker_pool_and_pubsub
    # A configuration of its own: Action Cable's default one is shared with ActionCable.server.
    server = ActionCable::Server::Base.new(config: ActionCable::Server::Configuration.new)
    server.config.cable = { adapter: "async" }
    server.config.logger = ActiveSupport::Logger.new(nil)
    env = Rack::MockRequest.env_for("/cable", "HTTP_CONNECTION" => "upgrade", "HTTP_UPGRADE" => "websocket",
      "HTTP_SEC_WEBSOCKET_VERSION" => "13", "HTTP_SEC_WEBSOCKET_KEY" => "dGhlIHNhbXBsZSBub25jZQ==")
    connection = ActionCable::Connection::Base.new(server, env)
    channel = ProbeChannel.new(connection, { channel: "ProbeChannel" }.to_json)

    assert InertiaSync::CableInternals.usable?(channel)
    assert_respond_to InertiaSync::CableInternals.socket(connection), :transmit
    assert_respond_to InertiaSync::CableInternals.event_loop(connection), :post
    assert_same server.pubsub, InertiaSync::CableInternals.pubsub(channel)

    ran = Queue.new
    InertiaSync::CableInternals.invoke(connection, -> { ran << :ran })
    assert_equal :ran, ran.pop(timeout: 5)
  ensure
    server&.worker_pool&.halt
    server&.event_loop&.stop
  end

  def test_a_stream_whose_reader_stops_is_closed_once_its_queue_is_full
    InertiaSync::CableInternals.install
    reader, writer = UNIXSocket.pair
    socket_object = SocketObject.new(writer)
    event_loop = ManualLoop.new
    stream = ActionCable::Connection::Stream.new(event_loop, socket_object)
    stream.hijack_rack_socket

    frame = "x" * 16 * 1024
    # Nobody reads: the kernel's buffer fills, then Action Cable's queue, up to the bound.
    InertiaSync.stub(:logger, ActiveSupport::Logger.new(@log)) { 500.times { stream.write(frame) } }
    assert_equal 1, event_loop.posted.size, "one close, however many more writes"
    assert_equal 1, @log.string.scan("closed a WebSocket whose client stopped reading (20 frames waiting)").size

    event_loop.posted.each(&:call)
    assert socket_object.gone
    assert writer.closed?
  ensure
    reader&.close
  end

  def test_the_redis_listener_keeps_reconnecting_unless_the_app_set_reconnect_attempts
    pubsub = ActionCable::SubscriptionAdapter::Redis.new(ActionCable::Server::Base.new(config: ActionCable::Server::Configuration.new).tap { |server| server.config.cable = { adapter: "redis" } })
    InertiaSync::CableInternals.watch(pubsub)
    reports = []
    check = Object.new
    check.define_singleton_method(:lost) { |reason| reports << reason }
    InertiaSync::HealthCheck::RUNNING << check

    forever = listener(pubsub, {})
    assert_equal [ true, true, true, true ], 4.times.map { forever.send(:retry_connecting?) }, "Action Cable's default gives up after one"
    assert_equal 4, reports.size, "every lost connection is reported at once"

    forever.shutdown # no thread runs here, so it returns at once
    refute forever.send(:retry_connecting?), "a listener that is shutting down stops reconnecting"

    limited = listener(pubsub, reconnect_attempts: 1)
    assert_equal [ true, false ], 2.times.map { limited.send(:retry_connecting?) }, "the app's own setting is kept"
  ensure
    InertiaSync::HealthCheck::RUNNING.delete(check)
  end

  private
    def listener(pubsub, options)
      pubsub.instance_variable_set(:@config_options, { adapter: "redis", **options })
      ActionCable::SubscriptionAdapter::Redis::Listener.new(pubsub, pubsub.send(:config_options), ManualLoop.new).tap do |listener|
        # The backoff's waits are what they are; the test needs only the decisions.
        listener.define_singleton_method(:sleep) { |_| nil }
      end
    end
end
