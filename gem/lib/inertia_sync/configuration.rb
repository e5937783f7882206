module InertiaSync
  # The gem's settings, as <tt>config.sync</tt> in a Rails app. Every option, its default and its
  # environment override are declared below, once. Unknown options raise ConfigurationError.
  #
  #   # config/application.rb
  #   config.sync.debounce_ms = 500
  #   # or, as in the original specification:
  #   config.sync = { enabled: true, debounce_ms: 500, max_subscriptions: 50 }
  class Configuration
    env_flag = ->(name, default) { ENV.fetch(name, default.to_s).strip.downcase != "false" }
    env_int = ->(name, default) { Integer(ENV.fetch(name, default).to_s, 10) rescue default }

    DEFAULTS = {
      # Turns sync on or off. When off, SyncChannel rejects subscriptions; models still commit normally.
      enabled: -> { env_flag.("ENABLE_SYNC", true) },
      # Leading edge: how long (ms) the first marker after a quiet period waits for the other markers
      # of the same request before the client reloads.
      collect_ms: -> { env_int.("SYNC_COLLECT_MS", 30) },
      # Once a reload was sent, how long (ms) later markers are collected before the next one.
      debounce_ms: -> { env_int.("SYNC_DEBOUNCE_MS", 300) },
      # Longest time (ms) the client lets markers keep postponing a reload.
      max_wait_ms: -> { env_int.("SYNC_MAX_WAIT_MS", 1000) },
      # Identifiers one connection may stream at once.
      max_subscriptions: -> { env_int.("SYNC_MAX_SUBSCRIPTIONS", 100) },
      # Passed to the client, which gives up reconnecting after that many attempts.
      reconnect_attempts: -> { env_int.("SYNC_RECONNECT_ATTEMPTS", 5) },
      # subscribe_to calls one connection may make per subscribe_rate_period (a reconnecting page
      # resubscribes everything at once, so keep this above max_subscriptions).
      subscribe_rate_limit: -> { env_int.("SYNC_SUBSCRIBE_RATE_LIMIT", 200) },
      # Length of the rate-limit window, in seconds.
      subscribe_rate_period: -> { 10 },
      # Who may subscribe to Model:all when the model declares no sync_authorize_all hook.
      admin_check: -> { ->(user) { user.respond_to?(:site_admin) && user.site_admin == true } },
      # Where versions live: nil picks one (Redis when Action Cable runs on Redis, else the Rails cache
      # when it is shared between processes, else memory); or :memory, :redis, :cache, or any object
      # with the InertiaSync::VersionStore interface.
      version_store: -> { nil },
      # Redis URL for the :redis version store; nil reuses Action Cable's.
      redis_url: -> { nil },
      # Broadcast from InertiaSync::BroadcastJob instead of inline after commit.
      broadcast_later: -> { false },
      # Logs every marker, subscription and refusal at info level.
      debug: -> { env_flag.("SYNC_DEBUG", false) }
    }.freeze

    attr_accessor(*DEFAULTS.keys)

    def initialize(options = {})
      DEFAULTS.each { |name, default| public_send("#{name}=", default.call) }
      assign(options)
    end

    # Sets several options at once; raises ConfigurationError on an unknown one.
    def assign(options)
      options.to_h.each do |name, value|
        unknown_option!(name) unless DEFAULTS.key?(name.to_sym)
        public_send("#{name}=", value)
      end
      self
    end
    alias_method :merge!, :assign

    def [](name) # :nodoc:
      public_send(name) if DEFAULTS.key?(name.to_sym)
    end

    def []=(name, value) # :nodoc:
      assign(name => value)
    end

    # The part of the configuration the client needs, as sent in the +inertia_sync+ page prop.
    def client_settings
      {
        collectMs: collect_ms,
        debounceMs: debounce_ms,
        maxWaitMs: max_wait_ms,
        maxSubscriptions: max_subscriptions,
        reconnectAttempts: reconnect_attempts,
        enabled: enabled ? true : false
      }
    end

    def to_h
      DEFAULTS.keys.index_with { |name| public_send(name) }
    end

    # <tt>config.sync.debonce_ms = 1</tt> (a typo) raises instead of setting nothing.
    def method_missing(name, *args)
      name.end_with?("=") ? unknown_option!(name.to_s.delete_suffix("=").to_sym) : super
    end

    private
      def unknown_option!(name)
        raise ConfigurationError, "Unknown inertia_sync option #{name.inspect}. Known options: #{DEFAULTS.keys.join(", ")}."
      end
  end
end
