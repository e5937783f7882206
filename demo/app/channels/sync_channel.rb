# Streams change markers for the identifiers a page subscribes to, after
# authorizing each one against the model's rules.
class SyncChannel < ApplicationCable::Channel
  include InertiaSync::Channel
end
