module InertiaSync
  # Captures the tab id a request carries in the X-Inertia-Sync-Origin header into
  # InertiaSync::Current.origin, so markers of the changes it makes say which tab made them.
  # Included into every controller by the engine; invalid values are ignored.
  module RequestOrigin
    extend ActiveSupport::Concern

    included do
      prepend_before_action :inertia_sync_capture_origin
    end

    private
      def inertia_sync_capture_origin
        InertiaSync::Current.origin = request.headers[InertiaSync::ORIGIN_HEADER]
      end
  end
end
