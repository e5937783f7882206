module InertiaSync
  # Lets SyncChannel ask a connection, at any time, who its user is now. Included by
  # InertiaSync::Connection.
  module ReverifiedUser
    # The key of the session that authenticated this connection (<tt>"Session#12"</tt>), if any:
    # InertiaSync.end_session(session) closes the connections that carry it.
    attr_reader :inertia_sync_session_key

    # The connection's user as stored now: +find_verified_user+ run again on the connection's own
    # request (the cookies it connected with), or nil where it would now reject the connection (the
    # session was destroyed, the user deleted). Override +find_verified_user+ and this follows.
    def inertia_sync_reverified_user
      find_verified_user
    rescue ActionCable::Connection::Authorization::UnauthorizedError
      nil
    end
  end
end
