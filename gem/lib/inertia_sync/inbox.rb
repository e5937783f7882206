module InertiaSync
  # Runs a cable connection's frames one at a time, in the order they arrived, and answers every one.
  #
  # Action Cable hands each frame to its worker pool on its own, so two commands from one socket can
  # run side by side or swap places (+unsubscribe_from+ then +subscribe_to+ ends unsubscribed).
  # Here frames queue per connection and one worker at a time runs them. Each frame is checked
  # (InertiaSync::CommandDecoder) before Action Cable decodes it: a frame too large or not a command
  # closes the connection with a reason and a short log line, never a stack trace, and a command for
  # a subscription that does not exist is answered +reject_subscription+ (a repeated +subscribe+ was
  # answered by its first confirmation).
  #
  # This is the one place the gem reaches into Action Cable's connection: +worker_pool+,
  # +handle_channel_command+, +subscriptions.identifiers+, +transmit+, +close+ (public methods of
  # ActionCable::Connection::Base, Rails 7.2 to 8.1), the private +websocket+ for +alive?+, and the
  # WebSocket parser's frame limit (+limit_frames+).
  class Inbox
    # Frames waiting at most, as a multiple of the largest frame allowed.
    PENDING_FRAMES = 64
    # The WebSocket parser's own limit, as a multiple of the largest frame allowed.
    DRIVER_LIMIT = 16
    # How much of a refused frame a log line shows.
    EXCERPT_BYTES = 64

    def initialize(connection, max_bytes: InertiaSync.config.max_message_bytes)
      @connection = connection
      @decoder = CommandDecoder.new(max_bytes: max_bytes)
      @max_pending_bytes = max_bytes * PENDING_FRAMES
      @lock = Mutex.new
      @queue = []
      @pending_bytes = 0
      @draining = @refused = @closed = false
    end

    # Makes the WebSocket parser itself refuse frames over DRIVER_LIMIT times +max_bytes+ (closing
    # with 1009), so that a huge frame is never buffered whole. Frames between the two limits reach
    # +receive+, which closes with the reason +message_too_large+. Skipped where Action Cable's
    # socket is not built as in Rails 7.2 to 8.1.
    def limit_frames
      socket = @connection.send(:websocket).instance_variable_get(:@websocket)
      driver = socket&.instance_variable_get(:@driver)
      driver.instance_variable_set(:@max_length, @decoder.max_bytes * DRIVER_LIMIT) if driver&.instance_variable_defined?(:@max_length)
    rescue StandardError
      nil
    end

    # Queues a frame as it arrives (Action Cable's event loop, in the socket's order). An oversized
    # frame is not kept: only the refusal waits its turn.
    def receive(frame)
      size = frame.is_a?(String) ? frame.bytesize : 0
      start = @lock.synchronize do
        return if @refused

        entry = if size > @decoder.max_bytes then :message_too_large
        elsif @pending_bytes + size > @max_pending_bytes then :too_many_messages
        else frame
        end
        # After a refusal nothing more is queued: the connection is closing.
        @refused = entry.is_a?(Symbol)
        @queue << entry
        @pending_bytes += size unless @refused
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
          # Already confirmed (Action Cable's client retries until it sees the confirmation; a
          # second one would read as a reconnect), so the first confirmation is the answer.
          return if known
          return reject(identifier) unless channel_class?(@decoder.channel_name(command))
        elsif !known
          return reject(identifier)
        end
        @connection.handle_channel_command(command)
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
