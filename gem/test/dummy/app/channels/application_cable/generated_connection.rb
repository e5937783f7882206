module ApplicationCable
  # The connection Rails' authentication generator writes (Rails 8.1), unchanged: the tests run
  # against it with INTEGRATION_CONNECTION=generated, for apps that keep it instead of including
  # InertiaSync::Connection.
  class GeneratedConnection < ActionCable::Connection::Base
    identified_by :current_user

    def connect
      set_current_user || reject_unauthorized_connection
    end

    private
      def set_current_user
        if session = Session.find_by(id: cookies.signed[:session_id])
          self.current_user = session.user
        end
      end
  end
end
