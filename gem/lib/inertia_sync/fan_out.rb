module InertiaSync
  # One pub/sub subscription per identifier per server process, however many sockets follow it.
  #
  # Action Cable subscribes every channel instance to the pub/sub on its own: a marker for an
  # identifier 1,000 tabs follow becomes 1,000 callbacks, each posted to the event loop on its own
  # (the async adapter) before it writes one frame. Here the pub/sub knows one callback per
  # identifier, which builds the frame once and writes it to every socket in a single pass.
  #
  # Outages: the process's InertiaSync::HealthCheck calls #interrupted when the pub/sub or the
  # version store is lost (every socket is sent <tt>{"type":"interrupted"}</tt>: markers may be lost
  # from now on) and #recovered when both are back (every socket is re-sent +subscribed+ for each
  # identifier it follows, at a version above anything sent before, so every tab reloads what it
  # shows). Meanwhile a +subscribe_to+ reply is held: the +subscribed+ sent on recovery is its reply.
  class FanOut # :nodoc:
    # A socket following identifiers; +prefix+ is the start of its channel's frames; +told+ is the
    # number of the last outage it was told of; +direct+ is where prebuilt frames go
    # (CableInternals::TextFrame; false: nowhere, nil: not looked up yet).
    Follower = Struct.new(:socket, :prefix, :told, :direct) do
      # Writes +payload+ (a JSON object) as a message of this follower's channel.
      def transmit_json(payload)
        socket.transmit("#{prefix}#{payload}}")
      end

      # Writes a marker: +text+ (this follower's whole message) as the prebuilt +frame+ when the socket
      # takes it, else through the socket's +transmit+.
      def transmit_frame(text, frame)
        self.direct = CableInternals::TextFrame.direct_socket(socket) if direct.nil?
        CableInternals::TextFrame.write(socket, direct, text, frame)
      end
    end

    INTERRUPTED = JSON.generate(type: "interrupted")

    class << self
      # The fan-out of one Action Cable server's pub/sub, watched by a health check.
      def for(pubsub, event_loop)
        REGISTRY_LOCK.synchronize do
          (@instances ||= {}.compare_by_identity)[pubsub] ||= new(pubsub, event_loop).tap(&:watch)
        end
      end
    end

    REGISTRY_LOCK = Mutex.new

    attr_reader :health_check

    def initialize(pubsub, event_loop)
      @pubsub = pubsub
      @event_loop = event_loop
      @lock = Mutex.new
      @streams = {}
      @interrupted = false
      @outages = 0
    end

    # Starts this process's health check of the pub/sub and the version store (unless turned off).
    def watch
      CableInternals.watch(@pubsub)
      @health_check = HealthCheck.start(@pubsub, self)
    end

    # Adds +follower+ to +identifier+'s sockets; calls +on_live+ once markers on it reach them (at once
    # when the identifier is already live in this process). During an outage the follower is told
    # so, and +on_live+ waits for the recovery.
    def add(identifier, follower, &on_live)
      fresh = nil
      live, tell = @lock.synchronize do
        stream = @streams[identifier] ||= (fresh = Stream.new)
        stream.followers = (stream.followers + [ follower ]).freeze
        ready = stream.live && !@interrupted
        stream.waiting << [ follower, on_live ] unless ready
        [ ready, @interrupted && tell(follower) ]
      end
      follower.transmit_json(INTERRUPTED) if tell
      on_live.call if live
      # As Action Cable's stream_from does: join the pub/sub from the event loop.
      @event_loop.post { @pubsub.subscribe(identifier, fresh.handler, -> { went_live(identifier, fresh) }) } if fresh
    end

    # Removes +follower+; the last one out leaves the pub/sub subscription.
    def remove(identifier, follower)
      stream = @lock.synchronize do
        stream = @streams[identifier] or return
        stream.followers = (stream.followers - [ follower ]).freeze
        stream.waiting.reject! { |waiting, _| waiting.equal?(follower) }
        @streams.delete(identifier) if stream.followers.empty?
      end
      # Through the event loop too, so that it follows the subscribe +add+ posted there (else a quick
      # add-then-remove would leave the pub/sub delivering to a stream nobody follows).
      @event_loop.post { @pubsub.unsubscribe(identifier, stream.handler) } if stream
    end

    def following?(identifier) # :nodoc:
      @lock.synchronize { @streams.key?(identifier) }
    end

    # The pub/sub or the version store is gone: tells every socket, once per outage.
    def interrupted
      followers = @lock.synchronize do
        @outages += 1 unless @interrupted
        @interrupted = true
        @streams.each_value.flat_map(&:followers).uniq.select { |follower| tell(follower) }
      end
      followers.each { |follower| follower.transmit_json(INTERRUPTED) }
    end

    # Both are back, and the version store's floor was moved above every version handed out before
    # the outage: re-sends +subscribed+ for every live identifier to its followers, with the version
    # read now, and lets held +subscribe_to+ replies go (they read their version now too).
    def recovered(version_store)
      resend, held, joining = @lock.synchronize do
        @interrupted = false
        live, joining = @streams.partition { |_, stream| stream.live }.map(&:to_h)
        held = live.flat_map { |identifier, stream| stream.waiting.slice!(0..).map { |entry| [ identifier, *entry ] } }
        [ live.transform_values { |stream| stream.followers.reject { |follower| held.any? { |_, waiting| waiting.equal?(follower) } } }, held, joining ]
      end
      rejoin(joining)
      resend.each do |identifier, followers|
        next if followers.empty?

        reply = JSON.generate(type: "subscribed", identifier: identifier, version: version_store.version_of(identifier))
        followers.each { |follower| follower.transmit_json(reply) }
      end
      held.each { |_, _, on_live| on_live.call }
    rescue StandardError
      # The store failed again while the replies were read: the held ones wait for the next recovery.
      @lock.synchronize { held&.each { |identifier, follower, on_live| @streams[identifier]&.waiting&.push([ follower, on_live ]) } }
      raise
    end

    def interrupted? # :nodoc:
      @lock.synchronize { @interrupted }
    end

    private
      # Whether +follower+ is yet to be told of this outage (and marks it told); under @lock.
      def tell(follower)
        return false if follower.told == @outages

        follower.told = @outages
        true
      end

      # Streams still joining when the outage ended may never hear that they joined (Action Cable's
      # Redis listener forgets the callbacks of a connection it lost): join them again.
      def rejoin(streams)
        streams.each do |identifier, stream|
          @event_loop.post do
            next unless @lock.synchronize { @streams[identifier].equal?(stream) }

            @pubsub.unsubscribe(identifier, stream.handler)
            @pubsub.subscribe(identifier, stream.handler, -> { went_live(identifier, stream) })
          end
        end
      end

      def went_live(identifier, stream)
        waiting = @lock.synchronize do
          return unless @streams[identifier].equal?(stream)

          stream.live = true
          # During an outage the replies wait for #recovered, which reads their versions then.
          @interrupted ? [] : stream.waiting.slice!(0..)
        end
        waiting.each { |_, on_live| on_live.call }
      end

      # One identifier's followers (replaced, never mutated, so the handler reads them without a lock).
      class Stream # :nodoc:
        attr_accessor :followers, :live
        attr_reader :waiting, :handler

        def initialize
          @followers = [].freeze
          @live = false
          # [follower, on_live] pairs whose subscribed reply waits for the stream (or a recovery).
          @waiting = []
          @handler = ->(message) { deliver(message) }
        end

        private
          def deliver(message)
            # +message+ is the marker's JSON as broadcast; the frame for each channel is built once
            # from it, here (the place for per-delivery marker hints, such as the spread).
            message = Spread.add(message, followers.size) # a crowd's reloads spread out (InertiaSync::Spread)
            # Per channel prefix, the message and its WebSocket frame, each built once.
            frames = {}
            followers.each do |follower|
              text, frame = frames[follower.prefix] ||= "#{follower.prefix}#{message}}".then { |text| [ text, CableInternals::TextFrame.build(text) ] }
              follower.transmit_frame(text, frame)
            end
          end
      end
  end
end
