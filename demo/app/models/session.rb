class Session < ApplicationRecord
  # Logging out (or any destroyed session) closes the sockets this session opened, in every process.
  include InertiaSync::SyncSession

  belongs_to :user
end
