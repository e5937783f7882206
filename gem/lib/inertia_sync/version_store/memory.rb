module InertiaSync
  module VersionStore
    # Versions in this process's memory: for development, tests, and single-process servers.
    class Memory
      def initialize
        @mutex = Mutex.new
        @sequence = 0
        @versions = {}
      end

      def next_version(identifiers)
        @mutex.synchronize do
          @sequence += 1
          identifiers.each { |identifier| @versions[identifier] = @sequence }
          @sequence
        end
      end

      def version_of(identifier)
        @mutex.synchronize { @versions.fetch(identifier, 0) }
      end

      def current
        @mutex.synchronize { @sequence }
      end

      def clear!
        @mutex.synchronize do
          @sequence = 0
          @versions.clear
        end
      end
    end
  end
end
