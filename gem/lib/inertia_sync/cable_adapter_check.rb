module InertiaSync
  # Rails' development default for Action Cable, the async adapter, lives inside one process: a change
  # made from <tt>bin/rails console</tt>, <tt>bin/rails runner</tt> or a separate job process is
  # broadcast into that process only and never reaches the tabs, with no error anywhere. This says so
  # once, at boot, in development.
  module CableAdapterCheck
    # Adapters whose broadcasts stay in the process that made them.
    IN_PROCESS_ADAPTERS = %w[async inline].freeze

    class << self
      # Logs the warning when +env+ is development and +adapter+ reaches one process only.
      def run(env: Rails.env, adapter: VersionStore.cable_config[:adapter], logger: InertiaSync.logger)
        message = warning(env: env, adapter: adapter)
        logger.warn(message) if message
      end

      # The warning for +env+ and +adapter+, or nil when there is nothing to say.
      def warning(env:, adapter:)
        return unless env.to_s == "development" && IN_PROCESS_ADAPTERS.include?(adapter.to_s)

        "[InertiaSync] Action Cable's #{adapter} adapter reaches this process only: changes made from " \
          "bin/rails console, a runner or a job process will not reach the tabs. Use Redis (or Solid Cable) " \
          "for development in config/cable.yml; see https://github.com/inertia-sync/inertia_sync/blob/main/docs/troubleshooting.md"
      end
    end
  end
end
