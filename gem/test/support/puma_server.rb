require_relative "child_process"
require "socket"
require "net/http"
require "uri"
require "rbconfig"

# Runs the dummy app under Puma in a child process, in the +integration+ environment
# (test/dummy/config/environments/integration.rb), on a free loopback port.
#
#   server = PumaServer.new(name: "one", env: { "INTEGRATION_DATABASE" => path, "INTEGRATION_CABLE_ADAPTER" => "async" }, log_dir: dir)
#   server.start        # returns once GET /plain answers, or raises with the end of the server's log
#   server.cable_url    # => "ws://127.0.0.1:PORT/cable"
#   server.stop         # TERM, then KILL; safe to call twice
class PumaServer
  include ChildProcess

  DUMMY_ROOT = File.expand_path("../dummy", __dir__)
  GEMFILE = File.expand_path("../../Gemfile", __dir__)
  BOOT_TIMEOUT = 45
  # About one stop in four, Puma's graceful stop ("waiting for requests to finish") does not end after
  # the tests closed their WebSockets; these servers hold nothing worth waiting for, so KILL follows soon.
  STOP_TIMEOUT = 2
  START_ATTEMPTS = 3

  attr_reader :name, :port, :pid, :log_path

  def initialize(name:, env:, log_dir:, threads: "2:4")
    @name = name
    @env = env
    @threads = threads
    @log_path = File.join(log_dir, "puma-#{name}.log")
  end

  def base_url
    "http://127.0.0.1:#{port}"
  end

  def origin
    base_url
  end

  def cable_url
    "ws://127.0.0.1:#{port}/cable"
  end

  # Spawns the server and waits until it serves requests. A port taken between choosing it and
  # binding it is retried on another one.
  def start(timeout: BOOT_TIMEOUT)
    attempts = 0
    begin
      attempts += 1
      spawn
      wait_until_ready(timeout)
    rescue PortTaken
      stop
      retry if attempts < START_ATTEMPTS
      raise "#{name}: no free port after #{attempts} attempts\n#{log_tail}"
    rescue StandardError
      stop
      raise
    end
    self
  end

  def running?
    return false unless pid

    Process.wait(pid, Process::WNOHANG).nil?
  rescue Errno::ECHILD
    false
  end

  def stop
    return unless pid

    signal("TERM")
    signal("KILL") unless reaped_within?(STOP_TIMEOUT)
    reaped_within?(STOP_TIMEOUT)
  ensure
    @pid = nil
  end

  # POSTs a form to the server; returns the Net::HTTPResponse.
  def post(path, params = {}, headers = {})
    uri = URI.join(base_url, path)
    request = Net::HTTP::Post.new(uri, headers)
    request.set_form_data(params)
    http(uri) { |connection| connection.request(request) }
  end

  def get(path)
    uri = URI.join(base_url, path)
    http(uri) { |connection| connection.request(Net::HTTP::Get.new(uri)) }
  end

  def log_tail(lines = 40)
    return "(no log)" unless File.exist?(log_path)

    "--- last lines of #{log_path} ---\n" + File.readlines(log_path).last(lines).join
  end

  class PortTaken < StandardError; end

  private
    def spawn
      @port = TCPServer.open("127.0.0.1", 0) { |server| server.addr[1] }
      env = @env.merge(
        "RAILS_ENV" => "integration",
        "RACK_ENV" => "integration",
        "BUNDLE_GEMFILE" => GEMFILE,
        "INTEGRATION_PARENT_PID" => Process.pid.to_s,
        "DATABASE_URL" => nil
      )
      command = [ RbConfig.ruby, "-rbundler/setup", Gem.bin_path("puma", "puma"),
        "--bind", "tcp://127.0.0.1:#{port}", "--threads", @threads, "--environment", "integration",
        "--dir", DUMMY_ROOT, File.join(DUMMY_ROOT, "config.ru") ]
      @pid = Process.spawn(env, *command, chdir: DUMMY_ROOT, in: File::NULL, out: [ log_path, "a" ], err: [ :child, :out ], pgroup: true)
    end

    def wait_until_ready(timeout)
      deadline = monotonic + timeout
      until monotonic > deadline
        unless running?
          @pid = nil
          raise PortTaken if File.read(log_path).include?("Address already in use")
          raise "#{name}: Puma exited during boot\n#{log_tail}"
        end
        return if ready?

        sleep 0.05
      end
      raise "#{name}: Puma did not answer on port #{port} within #{timeout}s\n#{log_tail}"
    end

    def ready?
      get("/plain").is_a?(Net::HTTPSuccess)
    rescue SystemCallError, IOError, Net::OpenTimeout, Net::ReadTimeout
      false
    end

    def http(uri, &block)
      Net::HTTP.start(uri.host, uri.port, open_timeout: 2, read_timeout: 10, write_timeout: 10, &block)
    end

    def signal(name)
      Process.kill(name, pid)
    rescue Errno::ESRCH
      nil
    end
end
