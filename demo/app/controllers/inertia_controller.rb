# Base class of every controller that renders Inertia pages.
class InertiaController < ApplicationController
  inertia_share current_user: -> { Current.user && UserSerializer.summary(Current.user) },
                flash: -> { flash.to_hash.slice("notice", "alert") }
end
