module InertiaSync
  # Runs a cable connection's frames one at a time, in the order they arrived, and answers every one.
  #
  # Action Cable hands each frame to its worker pool on its own, so two commands from one socket can
  # run side by side or swap places (+unsubscribe_from+ then +subscribe_to+ ends unsubscribed).
  # Here frames queue per connection and one worker at a time runs them. Each frame is checked
  # (InertiaSync::CommandDecoder) before Action Cable decodes it: a frame too large or not a command
  # closes the connection with a reason and a short log line, never a stack trace, and a command for
  # a subscription that does not exist is answered +reject_subscription+.
  #
  # This is the one place the gem reaches into Action Cable's connection: +worker_pool+,
  # +handle_channel_command+, +subscriptions.identifiers+, +transmit+, +close+ (public methods of
  # ActionCable::Connection::Base, Rails 7.2 to 8.1) and the private +websocket+ for +alive?+.
  class Inbox
    # Frames waiting at most, as a multiple of the largest frame allowed.
    PENDING_FRAMES = 64
    # How much of a refused frame a log line shows.
    EXCERPT_BYTES = 64

    def initialize(connection, max_bytes: InertiaSync.config.max_message_bytes)
      @connection = connection
      @decoder = CommandDecoder.new(max_bytes: max_bytes)
      @max_pending_bytes = max_bytes * PENDING_FRAMES
      @lock = Mutex.new
      @queue = []
      @pending_bytes = 0
      @draining = @closed = false
    end

    # Queues a frame as it arrives (Action Cable's event loop, in the socket's order). An oversized
    # frame is not kept: only the refusal waits its turn.
    def receive(frame)
      size = frame.is_a?(String) ? frame.bytesize : 0
      start = @lock.synchronize do
        return if @closed

        entry = size > @decoder.max_bytes ? :message_too_large : frame
        entry = :too_many_messages if @pending_bytes + size > @max_pending_bytes
        @queue << entry
        @pending_bytes += size unless entry.is_a?(Symbol)
        !@draining && (@draining = true)
      end
      @connection.worker_pool.async_invoke(self, :drain, connection: @connection) if start
    end

    # Queues +work+ to run in turn with the frames, after those already queued: the server's own
    # re-checks of a subscription (InertiaSync::Reauthorization) so see every earlier command finished.
    def run_in_turn(&work)
      start = @lock.synchronize do
        return if @closed

        @queue << work
        !@draining && (@draining = true)
      end
      @connection.worker_pool.async_invoke(self, :drain, connection: @connection) if start
    end

    # Runs queued frames until none is left (on one worker; never raises into it).
    def drain # :nodoc:
      while (frame = next_frame)
        run(frame)
      end
    end

    private
      def next_frame
        @lock.synchronize do
          frame = @queue.shift
          if frame.nil?
            @draining = false
          elsif frame.is_a?(String)
            @pending_bytes -= frame.bytesize
          end
          frame
        end
      end

      def run(frame)
        return if closed? || !alive?
        return frame.call if frame.is_a?(Proc)

        command = frame.is_a?(Symbol) ? frame : @decoder.decode(frame)
        command.is_a?(Symbol) ? refuse(command, frame) : route(command)
      rescue StandardError => error
        @connection.logger.error("[InertiaSync] a client command failed: #{error.class}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
      end

      def route(command)
        identifier = command["identifier"]
        known = @connection.subscriptions.identifiers.include?(identifier)
        if command["command"] == "subscribe"
          return confirm_again(identifier) if known
          return reject(identifier) unless channel_class?(@decoder.channel_name(command))
        elsif !known
          return reject(identifier)
        end
        @connection.handle_channel_command(command)
      end

      # A repeated subscribe (Action Cable's client retries until confirmed) is confirmed again.
      def confirm_again(identifier)
        @connection.transmit({ identifier: identifier, type: ActionCable::INTERNAL[:message_types][:confirmation] })
      end

      def reject(identifier)
        @connection.transmit({ identifier: identifier, type: ActionCable::INTERNAL[:message_types][:rejection] })
      end

      def channel_class?(name)
        klass = name.safe_constantize
        klass.is_a?(Class) && klass < ActionCable::Channel::Base
      end

      def refuse(reason, frame)
        @lock.synchronize do
          @closed = true
          @queue.clear
        end
        @connection.logger.warn("[InertiaSync] closing a connection: #{reason} (frame starts #{excerpt(frame)})")
        @connection.close(reason: reason.to_s, reconnect: false)
      end

      def excerpt(frame)
        return frame.class.name unless frame.is_a?(String)

        frame.byteslice(0, EXCERPT_BYTES).scrub.inspect
      end

      def closed?
        @lock.synchronize { @closed }
      end

      def alive?
        @connection.send(:websocket).alive?
      end
  end
end
