module InertiaSync
  module VersionStore
    # An exclusive lock shared by every process and thread on one machine: +flock+ on a directory.
    #
    # VersionStore::Cache takes it on a file store's directory around its sequence: the store's own
    # +increment+ is not atomic across processes (it locks the entry's file but rewrites it by renaming
    # a new file over it, so a process that opens the entry after the rename locks the new file while
    # another still holds the old one, and both read the same count).
    #
    # The directory, not a file in it, because clearing the cache deletes what is in it, and a lock
    # file deleted while held would let the next process lock a new one at once. If the directory
    # itself is replaced, the next taker finds that what it locked is no longer at the path, and locks again.
    class FileLock
      def initialize(directory)
        @directory = directory
      end

      def synchronize
        loop do
          FileUtils.mkdir_p(@directory)
          File.open(@directory) do |directory|
            directory.flock(File::LOCK_EX)
            return yield if File.identical?(directory, @directory)
          end
        end
      end
    end

    # The lock of stores whose own operations are atomic: none.
    module NoLock
      def self.synchronize
        yield
      end
    end
  end
end
