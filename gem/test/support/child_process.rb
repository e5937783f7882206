# Waiting on the servers the integration tests spawn (Puma, redis-server): both are child processes
# of the test run, reaped here so none is left behind.
module ChildProcess
  private
    # Whether the child +pid+ has exited (and was reaped) within +seconds+.
    def reaped_within?(seconds)
      deadline = monotonic + seconds
      loop do
        return true if Process.wait(pid, Process::WNOHANG)
        return false if monotonic > deadline

        sleep 0.02
      end
    rescue Errno::ECHILD
      true
    end

    def monotonic
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end
end
