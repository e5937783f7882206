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

    # Starts Puma servers side by side (each boots Rails: a second or two), returns them in order.
    def start_servers(names, env)
      servers = names.map { |name| PumaServer.new(name: name, env: env, log_dir: work_dir) }
      processes.concat(servers)
      servers.map { |server| Thread.new { server.start } }.each(&:value)
      servers
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

    # Absence can only be waited for: called after a barrier showed that later messages arrived.
    def assert_no_marker(client, identifier, &matcher)
      matcher ||= ->(_) { true }
      client.wait_for_marker(identifier, ABSENCE_WAIT, &matcher)
      flunk "#{client.name} received a marker for #{identifier}: #{client.markers(identifier).inspect}"
    rescue CableClient::Timeout
      assert_empty client.markers(identifier).select(&matcher)
    end
end
