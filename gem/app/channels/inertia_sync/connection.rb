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
  module Connection
    extend ActiveSupport::Concern
    include ReverifiedUser

    included do
      identified_by :current_user
    end

    def connect
      self.current_user = find_verified_user
    end

    private
      def find_verified_user
        session_id = cookies.signed[:session_id]
        session = ::Session.find_by(id: session_id) if session_id
        @inertia_sync_session_key ||= Revocation.key_of(session)
        session&.user || reject_unauthorized_connection
      end
  end
end
