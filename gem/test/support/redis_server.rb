require_relative "child_process"
require "socket"

# A throwaway redis-server on a free loopback port, without persistence. Raises (never skips) when
# redis-server is missing: the multi-process tests need it.
class RedisServer
  include ChildProcess

  READY_TIMEOUT = 10
  STOP_TIMEOUT = 5

  attr_reader :port, :pid

  def self.binary
    name = ENV.fetch("REDIS_SERVER", "redis-server")
    return name if name.include?(File::SEPARATOR) && File.executable?(name)

    found = ENV["PATH"].to_s.split(File::PATH_SEPARATOR).map { |dir| File.join(dir, name) }.find { |file| File.executable?(file) }
    found or raise "redis-server not found (looked for #{name.inspect} in PATH): install redis-server " \
      "(apt-get install redis-server) to run the multi-process Redis tests, or set REDIS_SERVER to its path"
  end

  def url
    "redis://127.0.0.1:#{port}/0"
  end

  # Starts the server; after #kill, again on the same port (so its clients can reconnect).
  def start
    binary = self.class.binary
    @port ||= TCPServer.open("127.0.0.1", 0) { |server| server.addr[1] }
    @pid = Process.spawn(binary, "--port", port.to_s, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
      in: File::NULL, out: File::NULL, err: File::NULL, pgroup: true)
    watch_parent
    wait_until_ready
    self
  rescue StandardError
    stop
    raise
  end

  def stop
    stop_watchdog
    return unless pid

    Process.kill("TERM", pid)
    unless reaped_within?(STOP_TIMEOUT)
      Process.kill("KILL", pid)
      reaped_within?(STOP_TIMEOUT)
    end
  rescue Errno::ESRCH, Errno::ECHILD
    nil
  ensure
    @pid = nil
  end

  # SIGKILL, as a crash or an OOM kill would: no goodbye to its clients, nothing saved.
  def kill
    stop_watchdog
    return unless pid

    Process.kill("KILL", pid)
    reaped_within?(STOP_TIMEOUT)
  rescue Errno::ESRCH, Errno::ECHILD
    nil
  ensure
    @pid = nil
  end

  # SIGSTOP: the server keeps its data and its connections but answers nothing, as a server that
  # hangs (or a network that drops packets) would; clients time out. #resume lets it go on.
  def pause
    Process.kill("STOP", pid)
  end

  def resume
    Process.kill("CONT", pid)
  end

  private
    # redis-server cannot watch its parent: a shell does, and stops it if this process dies without
    # running its ensure blocks (kill -9). Stopped first on a normal stop.
    def watch_parent
      script = "while kill -0 #{Process.pid} 2>/dev/null; do sleep 1; done; kill #{pid} 2>/dev/null"
      @watchdog = Process.spawn("sh", "-c", script, in: File::NULL, out: File::NULL, err: File::NULL, pgroup: true)
      Process.detach(@watchdog)
    end

    def stop_watchdog
      Process.kill("KILL", @watchdog) if @watchdog
    rescue Errno::ESRCH
      nil
    ensure
      @watchdog = nil
    end

    def wait_until_ready
      deadline = monotonic + READY_TIMEOUT
      until monotonic > deadline
        raise "redis-server exited on start (port #{port} taken?)" if Process.wait(pid, Process::WNOHANG)
        return if ping?

        sleep 0.02
      end
      raise "redis-server did not answer on port #{port} within #{READY_TIMEOUT}s"
    end

    def ping?
      Socket.tcp("127.0.0.1", port, connect_timeout: 1) do |socket|
        socket.write("PING\r\n")
        socket.wait_readable(1) && socket.readpartial(64).start_with?("+PONG")
      end
    rescue SystemCallError, IOError
      false
    end
end
