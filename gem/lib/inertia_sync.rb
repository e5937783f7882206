require "inertia_sync/version"
require "inertia_sync/engine"

# Real-time prop sync for Rails + Inertia.js.
module InertiaSync
end
