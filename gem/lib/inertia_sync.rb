require "active_support"
require "active_support/core_ext"

require "inertia_sync/version"
require "inertia_sync/errors"
require "inertia_sync/configuration"
require "inertia_sync/identifier"
require "inertia_sync/naming"
require "inertia_sync/registry"
require "inertia_sync/version_store"
require "inertia_sync/version_store/memory"
require "inertia_sync/version_store/cache"
require "inertia_sync/version_store/redis"
require "inertia_sync/rate_limiter"
require "inertia_sync/allowance"
require "inertia_sync/user_allowances"
require "inertia_sync/subscription_gate"
require "inertia_sync/command_decoder"
require "inertia_sync/inbox"
require "inertia_sync/marker"
require "inertia_sync/broadcaster"
require "inertia_sync/collection_declaration"
require "inertia_sync/authorization"
require "inertia_sync/access_directory"
require "inertia_sync/revocation"
require "inertia_sync/access_declaration"
require "inertia_sync/transaction_batch"
require "inertia_sync/cable_internals"
require "inertia_sync/cable_internals/send_queue_limit"
require "inertia_sync/cable_internals/redis_reconnect"
require "inertia_sync/cable_internals/text_frame"
require "inertia_sync/health_check"
require "inertia_sync/spread"
require "inertia_sync/fan_out"
require "inertia_sync/shared_prop"
require "inertia_sync/log_subscriber"
require "inertia_sync/cable_adapter_check"
require "inertia_sync/engine"

# Real-time prop sync for Rails + Inertia.js.
#
# When a model that includes InertiaSync::Broadcastable commits, the server broadcasts a marker such as
# <tt>{"identifier": "Account:PNvAYr", "action": "update", "version": 43}</tt> on the stream named by the
# identifier. Browser tabs subscribed to it through the SyncChannel ask Inertia for a partial reload of
# the props that depend on it. No record data ever travels over the socket.
module InertiaSync
  # The test helpers load on first use, so that naming them needs no require (the engine also includes
  # them into ActiveSupport::TestCase and ActionDispatch::SystemTestCase).
  autoload :TestHelper, "inertia_sync/test_helper"
  autoload :SystemTestHelper, "inertia_sync/system_test_helper"

  USER_ALLOWANCES_LOCK = Mutex.new # :nodoc:

  class << self
    # The InertiaSync::Configuration in effect. In a Rails app this is <tt>config.sync</tt>, which may
    # be assigned either way:
    #
    #   config.sync.debounce_ms = 500
    #   config.sync = { enabled: true, debounce_ms: 500, max_subscriptions: 50 }
    #
    # Reading it never rewrites the app's config: a Hash stays the Hash the app wrote, and the
    # Configuration built from it is kept for as long as the app keeps that Hash.
    def config
      return @config ||= Configuration.new unless (app_config = rails_config)

      value = app_config.sync
      return value if value.is_a?(Configuration)

      built = @built_config
      built = @built_config = [ value, Configuration.new(value || {}) ] unless built&.first.equal?(value)
      built.last
    end

    # Replaces the configuration (mostly for tests). Accepts a Configuration or a Hash of options.
    def config=(value)
      value = Configuration.new(value) unless value.is_a?(Configuration)
      if (app_config = rails_config)
        app_config.sync = value
      else
        @config = value
      end
      @version_store = nil
    end

    # Yields the configuration, for <tt>config/initializers/inertia_sync.rb</tt>:
    #
    #   InertiaSync.configure do |config|
    #     config.debounce_ms = 500
    #   end
    def configure
      yield config
    end

    # Every model that includes InertiaSync::Broadcastable, by class name. The channel resolves the
    # model part of an identifier only through it.
    def registry
      @registry ||= Registry.new
    end

    # The shared store of versions (see InertiaSync::VersionStore), built from
    # <tt>config.version_store</tt> on first use.
    def version_store
      @version_store ||= VersionStore.build(config)
    end

    # The users connected to this process and what each connection may still do (InertiaSync::UserAllowances).
    def user_allowances
      USER_ALLOWANCES_LOCK.synchronize { @user_allowances ||= UserAllowances.new }
    end

    # Replaces the version store, e.g. <tt>InertiaSync.version_store = InertiaSync::VersionStore::Memory.new</tt>.
    attr_writer :version_store

    # An Inertia prop rendered once per version of +dependencies+ and shared by the viewers in +scope+
    # (the signed-in user by default); see InertiaSync::SharedProp.
    #
    #   account: InertiaSync.shared_prop(account, [account, :account_users]) { AccountSerializer.with_members(account) }
    def shared_prop(*dependencies, **options, &block)
      SharedProp.build(*dependencies, **options, &block)
    end

    # The always-included Inertia page prop +inertia_sync+: the current sequence as the page's cursor,
    # and the server's client settings.
    def page_prop(cursor: version_store.current)
      config.client_settings.merge(cursor: cursor)
    end

    # Checks again, in every server process, every identifier the users' open sockets follow, with the
    # users as stored now; those they lost end with an +unsubscribed+ reply (code +unauthorized+) and
    # stop receiving markers. Call it after changing what a user may see, where no
    # +sync_reauthorize+ declaration does it for you:
    #
    #   membership.destroy!
    #   InertiaSync.reauthorize(membership.user)
    def reauthorize(*users)
      Revocation.publish(:reauthorize, users.flatten)
    end

    # Closes the users' sync sockets in every server process and tells them to reconnect: those whose
    # sign-in is still valid authenticate again, the others are refused. For your own logout when you
    # do not use Rails' generated authentication (whose Session model includes InertiaSync::SyncSession):
    #
    #   def destroy
    #     InertiaSync.sign_out(current_user)
    #     reset_session
    #   end
    def sign_out(*users)
      Revocation.publish(:sign_out, users.flatten)
    end

    # Closes, in every server process, the sockets that +sessions+ authenticated, and tells them not to
    # reconnect. InertiaSync::SyncSession calls it when a session is destroyed.
    def end_session(*sessions)
      Revocation.publish(:end_session, sessions.flatten)
    end

    # Runs the block without recording any marker, for every model, in the current thread or fiber.
    #
    #   InertiaSync.suppressing { Account.find_each { |a| a.update!(imported: true) } }
    def suppressing
      previous, state[:suppressed] = state[:suppressed], true
      yield
    ensure
      state[:suppressed] = previous
    end

    def suppressed? # :nodoc:
      state[:suppressed] == true
    end

    # Runs the block with broadcasts sent inline after commit, even when <tt>config.broadcast_later</tt>
    # is on. The test helpers use it so that assertions need no job runs.
    def with_inline_broadcasts
      previous, state[:inline] = state[:inline], true
      yield
    ensure
      state[:inline] = previous
    end

    def inline_broadcasts? # :nodoc:
      state[:inline] == true
    end

    def logger # :nodoc:
      (defined?(Rails.logger) && Rails.logger) || (@logger ||= ActiveSupport::Logger.new(nil))
    end

    # Logs +message+ at info level when <tt>config.debug</tt> is on.
    def debug(message = nil)
      logger.info("[InertiaSync] #{message || yield}") if config.debug
    end

    private
      def rails_config
        Rails.application.config if defined?(Rails.application) && Rails.application
      end

      def state
        ActiveSupport::IsolatedExecutionState[:inertia_sync] ||= {}
      end
  end
end
