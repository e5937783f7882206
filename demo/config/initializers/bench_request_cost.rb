# Bench instrumentation, off unless BENCH_REQUEST_COST_DIR is set (bin/bench sets it when asked):
# one JSON line per request with the thread's own CPU time, the wall time, the process's GC work
# during the request and whether it came on a connection this process had not served before. It
# tells what a request costs inside the worker, apart from everything else the process does.
if (dir = ENV["BENCH_REQUEST_COST_DIR"].presence)
  class BenchRequestCost
    def initialize(app, dir)
      @app = app
      @dir = dir
      @seen = {}
      @lock = Mutex.new
    end

    def call(env)
      gc = GC.stat
      wall = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      cpu = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID)
      response = @app.call(env)
      cpu = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID) - cpu
      wall = Process.clock_gettime(Process::CLOCK_MONOTONIC) - wall
      record(env, cpu, wall, gc, GC.stat)
      response
    end

    private
      def record(env, cpu, wall, before, after)
        socket = env["puma.socket"]
        line = {
          t: (Time.now.to_f * 1000).round, pid: Process.pid,
          partial: env.key?("HTTP_X_INERTIA_PARTIAL_DATA"), path: env["PATH_INFO"],
          cpu_us: (cpu * 1e6).round, wall_us: (wall * 1e6).round,
          gc: after[:count] - before[:count], major: after[:major_gc_count] - before[:major_gc_count],
          gc_ms: after[:time] - before[:time], live: after[:heap_live_slots],
          new_conn: socket && @lock.synchronize { !@seen.key?(socket.object_id) && (@seen[socket.object_id] = true) },
          threads: Thread.list.size, gc_total_ms: after[:time], majors_total: after[:major_gc_count],
          minors_total: after[:minor_gc_count], major_by: after[:major_gc_count] > before[:major_gc_count] ? GC.latest_gc_info(:major_by) : nil
        }.to_json
        @lock.synchronize do
          @file = nil if @pid != Process.pid
          @pid = Process.pid
          @file ||= File.open(File.join(@dir, "requests-#{@pid}.jsonl"), "a").tap { |f| f.sync = true }
          @file.puts(line)
        end
      end
  end

  Rails.application.config.middleware.insert_before 0, BenchRequestCost, dir
end

# BENCH_STACKPROF_DIR: a stackprof CPU profile of each Puma worker from its first request to its exit
# (stackprof is not in the bundle: it must be installed for this Ruby).
if (dir = ENV["BENCH_STACKPROF_DIR"].presence)
  $LOAD_PATH.unshift(*Dir[File.join(Gem.user_dir, "gems/stackprof-*/lib")], *Dir["/var/lib/gems/*/gems/stackprof-*/lib"])
  require "stackprof"
  class BenchStackprof
    def initialize(app, dir)
      @app = app
      @dir = dir
      @pid = nil
    end

    def call(env)
      start unless @pid == Process.pid
      @app.call(env)
    end

    private
      def start
        @pid = Process.pid
        StackProf.start(mode: :cpu, interval: 1000)
        at_exit { StackProf.stop; StackProf.results(File.join(@dir, "stackprof-#{Process.pid}.dump")) }
      end
  end
  Rails.application.config.middleware.insert_before 0, BenchStackprof, dir
end
