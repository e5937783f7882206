# Logging out as Rails' authentication generator writes it (terminate_session).
class SessionsController < ApplicationController
  def destroy
    Session.find_by(id: cookies.signed[:session_id])&.destroy
    cookies.delete(:session_id)
    head :no_content
  end
end
