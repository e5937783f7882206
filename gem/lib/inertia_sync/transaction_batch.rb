module InertiaSync
  # Coalesces the marks of one database transaction into one marker per identifier, sent after the
  # outermost commit, and drops them on rollback.
  #
  # Each transaction that records a mark gets a Frame, with an after_commit and an after_rollback
  # callback on that transaction (Active Record's transaction callbacks, Rails 7.2+). A savepoint that
  # commits hands its callbacks to its parent; a savepoint that rolls back runs its after_rollback ones,
  # including those handed to it by committed children. When the transaction that really commits runs
  # its callbacks, every frame of the connection has committed or rolled back, and the collected changes
  # are sent once, with one version. (Enrolling frames as transaction records works too, but makes
  # Active Record run its per-record commit machinery for every write.)
  class TransactionBatch # :nodoc:
    class << self
      # Records +changes+ ({ identifier => action }) made on +connection+. Outside a transaction (or
      # inside a non-joinable one, like a test's fixture transaction) they are sent at once.
      def mark(connection, changes)
        return if changes.empty?

        transaction = connection.current_transaction
        if transaction.open? && transaction.joinable?
          (batches[connection] ||= new(connection)).add(transaction, changes)
        else
          send_changes(changes)
        end
      end

      def batches
        ActiveSupport::IsolatedExecutionState[:inertia_sync_batches] ||= {}.compare_by_identity
      end

      def send_changes(changes)
        Broadcaster.dispatch(changes)
      rescue StandardError => error
        # A broadcast failure must never fail a write that has already committed.
        InertiaSync.logger.error("[InertiaSync] could not broadcast #{changes.keys.join(", ")}: #{error.class}: #{error.message}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
      end
    end

    def initialize(connection)
      @connection = connection
      @frames = {}.compare_by_identity
      @live = {}.compare_by_identity
      @ready = {}
    end

    def add(transaction, changes)
      frame = @frames[transaction] ||= enroll(Frame.new, transaction)
      frame.merge(changes)
    end

    def committed(frame) # :nodoc:
      return unless release(frame)

      merge_into(@ready, frame.changes)
      finish if @live.empty?
    end

    def rolledback(frame) # :nodoc:
      return unless release(frame)

      finish if @live.empty?
    end

    private
      def enroll(frame, transaction)
        @live[frame] = true
        transaction.after_commit { committed(frame) }
        transaction.after_rollback { rolledback(frame) }
        frame
      end

      def release(frame)
        return false unless @live.delete(frame)

        @frames.delete_if { |_, f| f.equal?(frame) }
        true
      end

      def finish
        self.class.batches.delete(@connection)
        changes, @ready = @ready, {}
        self.class.send_changes(changes) if changes.any?
      end

      def merge_into(target, changes)
        changes.each { |identifier, action| target[identifier] = Marker.strongest(target[identifier], action) }
      end

    # The marks made directly in one transaction.
    class Frame # :nodoc:
      attr_reader :changes

      def initialize
        @changes = {}
      end

      def merge(changes)
        changes.each { |identifier, action| @changes[identifier] = Marker.strongest(@changes[identifier], action) }
      end
    end
  end
end
