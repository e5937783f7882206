require "test_helper"
require "tmpdir"
require "fileutils"
require "support/cable_client"
require "support/puma_server"
require "support/redis_server"

# Base class of the tests that drive the dummy app under real Puma servers over real WebSockets.
#
# Each subclass boots its processes (start_processes) when its first test runs and stops them when
# its last test is done, even when a test or the boot fails; Minitest.after_run is a second net. The
# servers and the test process share a SQLite file made for the class, so these tests commit for
# real (no transactional tests) and the test process talks to that file only while they run.
class RealWebSocketTestCase < ActiveSupport::TestCase
  self.use_transactional_tests = false

  # How long a client waits for something that should come; and, after a barrier proved later
  # messages arrived, for something that must not.
  WAIT = 10
  ABSENCE_WAIT = 0.3

  class << self
    attr_reader :work_dir, :database_path
    # The class's one Puma, for classes whose +start_processes+ sets it (+@server+ in each test).
    attr_reader :server

    def run(reporter, options = {})
      super
    ensure
      shutdown
    end

    def boot
      raise @boot_error if @boot_error
      return if @booted

      @booted = true
      Minitest.after_run { shutdown }
      @work_dir = Dir.mktmpdir("inertia-sync-integration-")
      @database_path = File.join(work_dir, "integration.sqlite3")
      with_database { load File.expand_path("../dummy/db/schema.rb", __dir__) }
      start_processes
    rescue StandardError => error
      @boot_error = error
      raise
    end

    def processes
      @processes ||= []
    end

    # Starts what the tests need; every process it starts goes into +processes+ (anything with #stop).
    def start_processes
      raise NotImplementedError
    end

    # Starts Puma servers side by side (each boots Rails: a second or two) on the class's database,
    # with +env+ on top; returns them in order.
    def start_servers(names, env)
      env = { "INTEGRATION_DATABASE" => database_path }.merge(env)
      servers = names.map { |name| PumaServer.new(name: name, env: env, log_dir: work_dir) }
      processes.concat(servers)
      servers.map { |server| Thread.new { server.start } }.each(&:value)
      servers
    end

    # Puma servers on the async cable adapter, which reaches only its own process's clients (so
    # commits go through the server); +env+ adds to or overrides the servers' environment.
    def start_on_async(names, env = {})
      start_servers(names, { "INTEGRATION_CABLE_ADAPTER" => "async" }.merge(env))
    end

    # A throwaway redis-server, stopped with the class's other processes.
    def start_redis
      RedisServer.new.tap do |redis_server|
        processes << redis_server
        redis_server.start
      end
    end

    # A throwaway redis-server and Puma servers on its cable adapter (and so, by the gem's default,
    # on one Redis version store). Returns [redis_server, *servers].
    def start_on_redis(names, channel_prefix: "inertia_sync_integration", env: {})
      redis_server = start_redis
      servers = start_servers(names, { "INTEGRATION_CABLE_ADAPTER" => "redis", "INTEGRATION_REDIS_URL" => redis_server.url,
        "INTEGRATION_CHANNEL_PREFIX" => channel_prefix }.merge(env))
      [ redis_server, *servers ]
    end

    def database_config
      { adapter: "sqlite3", database: database_path, pool: 5, timeout: 5000 }
    end

    def with_database
      ActiveRecord::Base.establish_connection(database_config)
      yield
    ensure
      ActiveRecord::Base.establish_connection(:test)
    end

    def shutdown
      processes.reverse_each do |process|
        process.stop
      rescue StandardError => error
        warn "#{name}: could not stop #{process.inspect}: #{error.class}: #{error.message}"
      end
      processes.clear
      FileUtils.rm_rf(work_dir) if work_dir && !ENV["KEEP_INTEGRATION_LOGS"]
      @work_dir = nil
      @booted = false
      @boot_error = nil
    end
  end

  setup do
    @clients = []
    self.class.boot
    @server = self.class.server
    ActiveRecord::Base.establish_connection(self.class.database_config)
  end

  teardown do
    @clients.each(&:close)
  ensure
    ActiveRecord::Base.establish_connection(:test)
  end

  # On failure, the end of each server's log helps more than a timeout alone.
  def after_teardown
    unless passed? || skipped?
      self.class.processes.grep(PumaServer).each { |server| puts "\n#{server.name}: #{server.log_tail(20)}" }
    end
    super
  end

  private
    # A Cookie header with a signed session_id for a new session of +user+, as the Rails 8
    # authentication generator sets it (the servers share the dummy app's secret_key_base).
    def session_cookie(user)
      session = user.sessions.create!
      jar = ActionDispatch::TestRequest.create.cookie_jar
      jar.signed[:session_id] = session.id
      "session_id=#{Rack::Utils.escape(jar[:session_id])}"
    end

    # A new user, a new account with that user as its one member, and the account's identifier.
    def create_member_with_account
      member = create_user
      account = create_account(members: [ member ])
      [ member, account, id_of(account) ]
    end

    # A client connected to +server+; with +user+ it carries that user's session cookie.
    def open_client(server, user: nil, cookie: user && session_cookie(user), name: user&.email_address || "anonymous")
      CableClient.new(server.cable_url, cookie: cookie, origin: server.origin, name: "#{name}@#{server.name}").tap { |client| @clients << client }
    end

    # A client that was welcomed and whose SyncChannel subscription was confirmed.
    def subscribed_client(server, user)
      open_client(server, user: user).tap do |client|
        client.wait_for_welcome(WAIT)
        assert_equal :confirmed, client.subscribe_channel(WAIT)
      end
    end

    def assert_subscribed(client, identifier)
      reply = client.subscribe_to(identifier, WAIT)
      assert_equal "subscribed", reply["type"], "#{client.name} could not subscribe to #{identifier}: #{reply.inspect}"
      assert_kind_of Integer, reply["version"]
      reply
    end

    def assert_refused(client, identifier, code = "unauthorized")
      reply = client.subscribe_to(identifier, WAIT)
      assert_equal({ "type" => "error", "identifier" => identifier, "error" => "Unauthorized", "code" => code }, reply)
    end

    # Renames the account through +server+'s AccountsController, so the commit (and its broadcast)
    # happens in that server's process.
    def rename_through(server, account, name, headers: {})
      response = server.post("/accounts/#{account.obfuscated_id}/rename", { name: name }, headers)
      assert_equal "302", response.code, "rename through #{server.name} failed: #{response.code} #{response.body.to_s[0, 500]}"
      assert_equal name, account.reload.name
    end

    def assert_marker(client, identifier, action: "update", above:)
      marker = client.wait_for_marker(identifier, WAIT) { |candidate| candidate["version"].is_a?(Integer) && candidate["version"] > above }
      assert_equal action, marker["action"]
      assert_kind_of Integer, marker["timestamp"]
      assert_in_delta Time.now.to_i, marker["timestamp"], 60
      marker
    end

    # Waits until the server closes +client+'s connection for good with +reason+.
    def assert_closed(client, reason)
      frame = client.wait_for(WAIT, "a disconnect") { |candidate| candidate["type"] == "disconnect" }
      assert_equal({ "type" => "disconnect", "reason" => reason, "reconnect" => false }, frame, client.name)
      client.wait_closed(WAIT)
    end

    # Waits until +client+ is told that its server lost its pub/sub or version store.
    def wait_for_interrupted(client, timeout = WAIT)
      client.wait_for_channel(timeout, "interrupted") { |message| message["type"] == "interrupted" }
    end

    # Waits for a +subscribed+ reply for +identifier+ above version +above+ (one re-sent after an outage).
    def wait_for_resubscribed(client, identifier, above:, timeout: WAIT * 2)
      client.wait_for_channel(timeout, "#{identifier} subscribed again above #{above}") do |message|
        message["type"] == "subscribed" && message["identifier"] == identifier && message["version"] > above
      end
    end

    # Waits for the +unsubscribed+ reply that ends +identifier+ (any identifier when nil).
    def wait_for_unsubscribed(client, identifier = nil)
      client.wait_for_channel(WAIT, "the end of #{identifier || "a subscription"}") do |payload|
        payload["type"] == "unsubscribed" && (identifier.nil? || payload["identifier"] == identifier)
      end
    end

    # Proves +client+ never heard of +identifier+: a marker on a new account of +user+'s, committed
    # through +server+ after everything else, reached it (above version +above+), and none for
    # +identifier+ did.
    def assert_no_marker_after_barrier(client, identifier, user:, server:, above:)
      own = create_account(members: [ user ])
      assert_subscribed(client, id_of(own))
      rename_through(server, own, "Barrier")
      assert_marker(client, id_of(own), above: above)
      assert_no_marker(client, identifier)
    end

    # Absence can only be waited for: called after a barrier showed that later messages arrived.
    def assert_no_marker(client, identifier, &matcher)
      matcher ||= ->(_) { true }
      client.wait_for_marker(identifier, ABSENCE_WAIT, &matcher)
      flunk "#{client.name} received a marker for #{identifier}: #{client.markers(identifier).inspect}"
    rescue CableClient::Timeout
      assert_empty client.markers(identifier).select(&matcher)
    end
end
