module ApplicationCable
  class Connection < ActionCable::Connection::Base
    include InertiaSync::Connection
  end
end
