module InertiaSync
  # Authenticates cable connections with the session cookie of the Rails 8 authentication generator:
  #
  #   module ApplicationCable
  #     class Connection < ActionCable::Connection::Base
  #       include InertiaSync::Connection
  #     end
  #   end
  #
  # <tt>cookies.signed[:session_id]</tt> must name a +Session+ whose +user+ becomes +current_user+;
  # anything else rejects the connection. Override +find_verified_user+ to authenticate differently.
  #
  # It also guards the connection: a user may hold at most +max_connections_per_user+ connections
  # per server process (one more is closed with the reason +too_many_connections+), and every frame
  # goes through an InertiaSync::Inbox (commands in the order sent, frames up to
  # +max_message_bytes+, a reply or a clean close for anything malformed).
  module Connection
    extend ActiveSupport::Concern
    include ReverifiedUser

    included do
      identified_by :current_user
      prepend Release
    end

    # Gives the connection's allowance back when it closes, whatever +disconnect+ the app defines.
    module Release # :nodoc:
      def disconnect
        InertiaSync.user_allowances.close(@inertia_sync_allowance)
        @inertia_sync_allowance = nil
        super if defined?(super)
      end
    end

    def connect
      self.current_user = find_verified_user
      @inertia_sync_allowance = InertiaSync.user_allowances.open(current_user) or refuse_connection(:too_many_connections)
    end

    # What this connection may still do (InertiaSync::Allowance); SyncChannel reads it.
    def inertia_sync_allowance
      @inertia_sync_allowance
    end

    # Runs the block in turn with this connection's commands (InertiaSync::Inbox#run_in_turn).
    def inertia_sync_in_turn(&work)
      inertia_sync_inbox.run_in_turn(&work)
    end

    def receive(frame) # :nodoc:
      inertia_sync_inbox.receive(frame)
    end

    # Binary frames are not commands: the inbox closes the connection instead of Action Cable
    # logging them without a reply.
    def on_message(message) # :nodoc:
      message.is_a?(String) ? super : inertia_sync_inbox.receive(message)
    end

    private
      def find_verified_user
        session_id = cookies.signed[:session_id]
        session = ::Session.find_by(id: session_id) if session_id
        @inertia_sync_session_key ||= Revocation.key_of(session)
        session&.user || reject_unauthorized_connection
      end

      def inertia_sync_inbox
        @inertia_sync_inbox ||= Inbox.new(self)
      end

      def refuse_connection(reason)
        logger.warn("[InertiaSync] refused a connection: #{reason}")
        close(reason: reason.to_s, reconnect: false)
        raise ActionCable::Connection::Authorization::UnauthorizedError
      end
  end
end
