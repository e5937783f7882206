module InertiaSync
  # Assertions about markers, for the app's tests (included into ActiveSupport::TestCase by the
  # engine). Blocks run with broadcasts sent inline, so no job needs to run and nothing is debounced.
  # Markers are captured as they are broadcast, whatever the Action Cable adapter (the test adapter
  # records them too, under each identifier's stream).
  #
  #   assert_sync_broadcast "Account:#{account.obfuscated_id}", action: "update" do
  #     account.update!(name: "Renamed")
  #   end
  #
  #   assert_no_sync_broadcasts { Account.transaction { account.touch; raise ActiveRecord::Rollback } }
  #
  #   markers = capture_sync_broadcasts { account.destroy! }
  #   markers.map { |marker| marker[:identifier] } # => ["Account:PNvAYr", "Account:all"]
  module TestHelper
    # Asserts that the block broadcast at least one marker for +identifier+ (exactly +count+ when
    # given), optionally with +action+. Returns the matching markers.
    def assert_sync_broadcast(identifier, action: nil, count: nil, &block)
      markers = capture_sync_broadcasts(&block)
      matching = markers.select { |marker| marker[:identifier] == identifier && (action.nil? || marker[:action] == action.to_s) }
      description = "#{identifier}#{" (#{action})" if action}"
      seen = markers.map { |marker| "#{marker[:identifier]} (#{marker[:action]})" }

      if count
        assert_equal count, matching.size, "Expected #{count} sync marker(s) for #{description}, got #{matching.size}. Broadcast: #{seen.inspect}"
      else
        assert matching.any?, "Expected a sync marker for #{description}. Broadcast: #{seen.inspect}"
      end
      matching
    end
    alias_method :assert_sync_broadcasts, :assert_sync_broadcast

    # Asserts that the block broadcast no marker (for +identifier+ only, when given).
    def assert_no_sync_broadcasts(identifier = nil, &block)
      markers = capture_sync_broadcasts(&block)
      markers = markers.select { |marker| marker[:identifier] == identifier } if identifier
      assert markers.empty?, "Expected no sync markers#{" for #{identifier}" if identifier}, got #{markers.map { |marker| marker[:identifier] }.inspect}"
    end

    # Runs the block and returns the markers it broadcast, in order, as hashes with indifferent access
    # (<tt>marker[:identifier]</tt>, <tt>marker["version"]</tt>).
    def capture_sync_broadcasts(&block)
      markers = []
      callback = ->(*, payload) { markers.concat(payload[:markers].map { |marker| marker.as_json.with_indifferent_access }) }
      ActiveSupport::Notifications.subscribed(callback, "broadcast.inertia_sync") do
        InertiaSync.with_inline_broadcasts(&block)
      end
      markers
    end
  end
end
