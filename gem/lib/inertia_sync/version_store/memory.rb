module InertiaSync
  module VersionStore
    # Versions in this process's memory: for development, tests, and single-process servers.
    #
    # Nothing survives a restart, so the sequence starts at the clock (see VersionStore.floor) and an
    # identifier this process has not seen change reads as that floor: after a restart every client
    # learns, from its +subscribed+ replies, that anything may have changed while the server was down,
    # and reloads once. Versions handed out before the restart stay below the new ones.
    class Memory
      def initialize(floor: VersionStore.floor)
        @mutex = Mutex.new
        @floor = @sequence = floor
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
        versions_of([ identifier ]).first
      end

      def versions_of(identifiers)
        @mutex.synchronize { identifiers.map { |identifier| [ @versions.fetch(identifier, @floor), @floor ].max } }
      end

      def advance_floor
        @mutex.synchronize { @floor = @sequence += 1 }
      end

      def current
        @mutex.synchronize { @sequence }
      end

      # Forgets every identifier, as a restart would; versions keep growing.
      def clear!
        @mutex.synchronize do
          @floor = @sequence = [ VersionStore.floor, @sequence + 1 ].max
          @versions.clear
        end
      end
    end
  end
end
