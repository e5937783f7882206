class SyncChannel < ApplicationCable::Channel
  include InertiaSync::Channel
end
