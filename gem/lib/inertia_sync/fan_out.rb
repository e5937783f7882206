module InertiaSync
  # One pub/sub subscription per identifier per server process, however many sockets follow it.
  #
  # Action Cable subscribes every channel instance to the pub/sub on its own: a marker for an
  # identifier 1,000 tabs follow becomes 1,000 callbacks, each posted to the event loop on its own
  # (the async adapter) before it writes one frame. Here the pub/sub knows one callback per
  # identifier, which builds the frame once and writes it to every socket in a single pass.
  class FanOut # :nodoc:
    # A socket following identifiers; +prefix+ is the start of its channel's frames.
    Follower = Struct.new(:socket, :prefix)

    class << self
      # The fan-out of one Action Cable server's pub/sub.
      def for(pubsub, event_loop)
        REGISTRY_LOCK.synchronize { (@instances ||= {}.compare_by_identity)[pubsub] ||= new(pubsub, event_loop) }
      end
    end

    REGISTRY_LOCK = Mutex.new

    def initialize(pubsub, event_loop)
      @pubsub = pubsub
      @event_loop = event_loop
      @lock = Mutex.new
      @streams = {}
    end

    # Adds +follower+ to +identifier+'s sockets; calls +on_live+ once markers on it reach them (at once
    # when the identifier is already live in this process).
    def add(identifier, follower, &on_live)
      fresh = nil
      live = @lock.synchronize do
        stream = @streams[identifier] ||= (fresh = Stream.new)
        stream.followers = (stream.followers + [ follower ]).freeze
        stream.waiting << on_live unless stream.live
        stream.live
      end
      on_live.call if live
      # As Action Cable's stream_from does: join the pub/sub from the event loop.
      @event_loop.post { @pubsub.subscribe(identifier, fresh.handler, -> { went_live(identifier, fresh) }) } if fresh
    end

    # Removes +follower+; the last one out leaves the pub/sub subscription.
    def remove(identifier, follower)
      stream = @lock.synchronize do
        stream = @streams[identifier] or return
        stream.followers = (stream.followers - [ follower ]).freeze
        @streams.delete(identifier) if stream.followers.empty?
      end
      @pubsub.unsubscribe(identifier, stream.handler) if stream
    end

    def following?(identifier) # :nodoc:
      @lock.synchronize { @streams.key?(identifier) }
    end

    private
      def went_live(identifier, stream)
        waiting = @lock.synchronize do
          return unless @streams[identifier].equal?(stream)

          stream.live = true
          stream.waiting.slice!(0..)
        end
        waiting.each(&:call)
      end

      # One identifier's followers (replaced, never mutated, so the handler reads them without a lock).
      class Stream # :nodoc:
        attr_accessor :followers, :live
        attr_reader :waiting, :handler

        def initialize
          @followers = [].freeze
          @live = false
          @waiting = []
          @handler = ->(message) { deliver(message) }
        end

        private
          def deliver(message)
            message = Spread.add(message, followers.size) # a crowd's reloads spread out (InertiaSync::Spread)
            frames = {}
            followers.each do |follower|
              follower.socket.transmit(frames[follower.prefix] ||= "#{follower.prefix}#{message}}")
            end
          end
      end
  end
end
