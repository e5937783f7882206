class ApplicationController < ActionController::Base
  include Authentication
  # Only allow modern browsers supporting webp images, web push, badges, import maps, CSS nesting, and CSS :has.
  # Checked when a page loads; an Inertia request (a visit, a partial reload) comes from the app's own
  # script, which only runs in a browser that passed the check, so it is not parsed again there.
  allow_browser versions: :modern, unless: -> { request.inertia? }
end
