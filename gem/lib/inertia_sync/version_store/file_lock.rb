module InertiaSync
  module VersionStore
    # An exclusive lock shared by every process and thread on one machine: +flock+ on a file of its own.
    #
    # VersionStore::Cache takes it around its sequence on an ActiveSupport::Cache::FileStore, whose
    # +increment+ is not atomic across processes: it locks the entry's file but rewrites it by renaming
    # a new file over it, so a process that opens the entry after the rename locks the new file while
    # another still holds the old one, and both read the same count.
    #
    # The lock file is never rewritten, only created; if it is deleted while held (a cache +clear+),
    # the next taker finds that the file it locked is no longer the one at the path, and locks again.
    class FileLock
      def initialize(path)
        @path = path
      end

      def synchronize
        loop do
          FileUtils.mkdir_p(File.dirname(@path))
          File.open(@path, File::RDWR | File::CREAT, 0o644) do |file|
            file.flock(File::LOCK_EX)
            return yield if File.identical?(file, @path)
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
