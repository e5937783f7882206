require "active_support/log_subscriber"

module InertiaSync
  # One line per marker in the log, at debug level (so in development and tests, not in production),
  # like Action Cable's own "Broadcasting to ..." lines:
  #
  #   [InertiaSync] Broadcasting Account:PNvAYr update (version 1764059000123456)
  #
  # Subscribes to the +broadcast.inertia_sync+ event; <tt>config.debug</tt> adds subscriptions and
  # refusals at info level on top.
  class LogSubscriber < ActiveSupport::LogSubscriber
    def broadcast(event)
      event.payload[:markers].each do |marker|
        debug { "[InertiaSync] Broadcasting #{marker[:identifier]} #{marker[:action]} (version #{marker[:version]})" }
      end
    end
    subscribe_log_level :broadcast, :debug
  end
end

InertiaSync::LogSubscriber.attach_to :inertia_sync
