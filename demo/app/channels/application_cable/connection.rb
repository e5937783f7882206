module ApplicationCable
  # Identifies the signed-in user from the Rails 8 session cookie;
  # connections without a valid session are rejected.
  class Connection < ActionCable::Connection::Base
    include InertiaSync::Connection
  end
end
