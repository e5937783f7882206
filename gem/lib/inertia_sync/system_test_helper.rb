module InertiaSync
  # For Rails system tests (Capybara): wait until the page's live updates are flowing, instead of
  # sleeping. The inertia-sync client reflects its state on <tt><html data-sync-*></tt>; the page is
  # ready once it has rendered, the cable is connected, every identifier it follows is subscribed
  # and nothing is pending; a page that follows nothing is ready as soon as it has rendered. A page
  # whose identifier the server refused is never ready: the wait fails at once and names the
  # identifier and the server's code.
  #
  #   class AccountsTest < ApplicationSystemTestCase
  #     include InertiaSync::SystemTestHelper
  #
  #     test "a rename shows in another window" do
  #       visit accounts_path
  #       wait_for_inertia_sync
  #       ...
  #     end
  #   end
  #
  # The same for Playwright users ships in the npm package: <tt>waitForSync(page)</tt> from
  # <tt>inertia-sync/testing</tt>.
  module SystemTestHelper
    READY = "html[data-sync-ready='true']"
    REFUSED = "html[data-sync-state='error']"
    RELOADS = "html[data-sync-reloads]"

    # Waits (Capybara's waiting) until the current page is ready; fails at once if the server
    # refused one of its identifiers (the page would never be ready).
    def wait_for_inertia_sync(wait: nil)
      refused = nil
      assert_selector("#{READY}, #{REFUSED}", **inertia_sync_selector_options(wait)) do |html|
        ready = html[:"data-sync-ready"] == "true"
        refused = html[:"data-sync-errors"].to_s unless ready || html[:"data-sync-state"] != "error"
        ready || !refused.nil?
      end
      raise Minitest::Assertion, "inertia-sync: the page will not be ready: the server refused #{refused}" if refused
    end

    # Waits until the page has started at least +count+ sync reloads since it loaded.
    def wait_for_inertia_sync_reloads(count, wait: nil)
      assert_selector(RELOADS, **inertia_sync_selector_options(wait)) do |html|
        html[:"data-sync-reloads"].to_i >= count
      end
    end

    private
      # <html> is never "visible" to Capybara; +wait+ overrides Capybara.default_max_wait_time.
      def inertia_sync_selector_options(wait)
        { visible: :all, wait: wait }.compact
      end
  end
end
