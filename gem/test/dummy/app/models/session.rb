class Session < ApplicationRecord
  include InertiaSync::SyncSession

  belongs_to :user
end
