module InertiaSync
  # Who a cable connection's user is now, and which session signed it in, whatever kind of
  # connection it is:
  #
  # * one including InertiaSync::Connection: its +find_verified_user+, run again
  #   (InertiaSync::ReverifiedUser);
  # * one written by Rails' authentication generator (its own +connect+, the signed +session_id+
  #   cookie naming a +Session+): that session's user, while the session exists;
  # * anything else: the connect-time user, reloaded by id.
  #
  # +reload+ returns nil when the user could no longer connect that way (session destroyed, user
  # deleted). Used by InertiaSync::Reauthorization.
  class ConnectionUser # :nodoc:
    def initialize(connection, connected_as)
      @connection = connection
      @connected_as = connected_as
      @session_id = generated_session_id unless connection.respond_to?(:inertia_sync_reverified_user)
    end

    def session_key
      if @connection.respond_to?(:inertia_sync_session_key)
        @connection.inertia_sync_session_key
      elsif @session_id
        Revocation.key_for(::Session, @session_id)
      end
    end

    def reload
      return if @connected_as.nil?

      if @connection.respond_to?(:inertia_sync_reverified_user)
        @connection.inertia_sync_reverified_user
      elsif @session_id
        ::Session.find_by(id: @session_id)&.user
      else
        @connected_as.class.find_by(@connected_as.class.primary_key => @connected_as.id)
      end
    end

    private
      # Read once, when the subscription starts: the cookies are those the socket connected with.
      def generated_session_id
        return unless defined?(::Session) && ::Session.respond_to?(:find_by) && @connection.respond_to?(:cookies, true)

        @connection.send(:cookies).signed[:session_id]
      rescue StandardError
        nil
      end
  end
end
