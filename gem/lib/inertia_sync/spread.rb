module InertiaSync
  # The spread hint: how many milliseconds a crowd following one identifier should spread its reloads
  # over. Every tab that follows a record reloads when it changes; 1,000 tabs reloading in the same
  # instant are 1,000 requests in one spike, and everyone else's requests queue behind them. A marker
  # to a large audience therefore carries +spread+, and each client waits a random delay in
  # <tt>[0, spread)</tt> first: the reloads arrive at a rate the server can serve, and the last tab is
  # still fresh within +max_ms+ plus one reload.
  #
  # The follower count is this process's: with several server processes each spreads its own sockets,
  # and each serves its share of the reloads, so +reloads_per_second+ is what one process should be
  # asked to serve. The default suits a small app: a partial reload of a Rails + Inertia page costs
  # some 5-7 ms of CPU (measured on the demo), and a process runs Ruby on one core, so 100 reloads a
  # second keep it at about two thirds of that core, leaving room for other users' requests instead of
  # queueing them behind the crowd. Measure your own reload and tune it, or pass any callable taking
  # the follower count and returning milliseconds (nil or 0 for none):
  #
  #   config.sync.spread = InertiaSync::Spread.new(above: 50, reloads_per_second: 2_000, max_ms: 1_000)
  #   config.sync.spread = nil # never spread
  class Spread
    attr_reader :above, :reloads_per_second, :max_ms

    # +above+: audiences of at most this many sockets (in this process) get no hint, so a lone edit
    # shows at once. +reloads_per_second+: the reload rate the spread aims at. +max_ms+: the longest
    # spread, which bounds how stale the last tab may be.
    def initialize(above: 20, reloads_per_second: 100, max_ms: 1_500)
      @above = non_negative(:above, above)
      @reloads_per_second = positive(:reloads_per_second, reloads_per_second)
      @max_ms = positive(:max_ms, max_ms)
    end

    # The spread in milliseconds for +followers+ sockets, or nil when the audience is small.
    def call(followers)
      return if followers <= above

      [ (followers * 1000.0 / reloads_per_second).ceil, max_ms ].min
    end

    # +marker+ (a marker's JSON object, as published) with the hint +policy+ gives for +followers+,
    # or +marker+ itself when there is none. A policy answering anything but a positive number adds
    # nothing: a bad setting must not stop markers.
    def self.add(marker, followers, policy = InertiaSync.config.spread)
      ms = policy&.call(followers)
      return marker unless ms.is_a?(Numeric) && ms.finite? && ms >= 1

      "#{marker.delete_suffix("}")},\"spread\":#{ms.round}}"
    end

    private
      def positive(name, value)
        value.is_a?(Numeric) && value.positive? ? value : raise(ArgumentError, "InertiaSync::Spread #{name} must be a positive number, got #{value.inspect}")
      end

      def non_negative(name, value)
        value.is_a?(Integer) && value >= 0 ? value : raise(ArgumentError, "InertiaSync::Spread #{name} must be a whole number of sockets (0 or more), got #{value.inspect}")
      end
  end
end
