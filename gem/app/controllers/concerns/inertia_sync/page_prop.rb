module InertiaSync
  # Shares the always-included Inertia prop +inertia_sync+ with every page (partial reloads too):
  #
  #   { cursor: 45, collectMs: 30, debounceMs: 300, maxWaitMs: 1000, maxSubscriptions: 100, reconnectAttempts: 5, enabled: true }
  #
  # Included into ActionController::Base by the engine; does nothing where inertia_rails is absent.
  module PageProp
    extend ActiveSupport::Concern

    # The prop's name on every page.
    NAME = :inertia_sync

    included do
      prepend_before_action :inertia_sync_share_page_prop
    end

    private
      # The cursor is read before the action queries anything: a change whose version is at or below it
      # committed before the read, hence before the page's data was loaded, so the page shows it. (Read
      # at render instead, a change committed between the queries and the render would be claimed
      # without being shown.)
      def inertia_sync_share_page_prop
        return unless defined?(::InertiaRails) && respond_to?(:inertia_share)
        return unless (request.get? || request.head?) && (request.inertia? || request.format.html?)

        cursor = @inertia_sync_cursor = inertia_sync_read_cursor
        inertia_share(NAME => ::InertiaRails.always { InertiaSync.page_prop(cursor: cursor) })
      end

      # The cursor this request read before its action ran (nil when it read none): InertiaSync::SharedProp
      # files a rendering under a version only when the version is at or below it.
      def inertia_sync_cursor
        @inertia_sync_cursor
      end

      # If the store is unreachable the page still renders; cursor 0 makes the client catch up on
      # subscribe instead of trusting the page.
      def inertia_sync_read_cursor
        InertiaSync.version_store.current
      rescue StandardError => error
        InertiaSync.logger.warn("[InertiaSync] could not read the version cursor: #{error.class}: #{error.message}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
        0
      end
  end
end
