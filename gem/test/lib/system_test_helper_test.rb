require "test_helper"

class SystemTestHelperTest < ActiveSupport::TestCase
  # Stands in for a Capybara session: records the selector asked for and applies the filter block
  # to a fake <html> element.
  class Page
    include InertiaSync::SystemTestHelper

    attr_reader :calls

    def initialize(html)
      @html = html
      @calls = []
    end

    def assert_selector(selector, **options, &filter)
      @calls << [ selector, options ]
      raise Minitest::Assertion, "no #{selector}" if filter && !filter.call(@html)
      true
    end
  end

  test "waits for the ready attribute on <html>, which Capybara must not require to be visible" do
    page = Page.new({ "data-sync-ready": "true", "data-sync-state": "ready" })
    page.wait_for_inertia_sync
    page.wait_for_inertia_sync(wait: 5)

    either = "html[data-sync-ready='true'], html[data-sync-state='error']"
    assert_equal [ [ either, { visible: :all } ], [ either, { visible: :all, wait: 5 } ] ], page.calls
  end

  test "a page still syncing is not ready" do
    assert_raises(Minitest::Assertion) { Page.new({ "data-sync-ready": "false", "data-sync-state": "syncing" }).wait_for_inertia_sync }
  end

  test "fails at once, naming the refused identifier and its code" do
    html = { "data-sync-ready": "false", "data-sync-state": "error", "data-sync-errors": "Account:PNvAYr (unauthorized)" }
    error = assert_raises(Minitest::Assertion) { Page.new(html).wait_for_inertia_sync }

    assert_equal "inertia-sync: the page will not be ready: the server refused Account:PNvAYr (unauthorized)", error.message
  end

  test "the attributes are the ones the client sets (contract/protocol.json)" do
    attributes = JSON.parse(File.read(File.expand_path("../../../contract/protocol.json", __dir__)))["documentAttributes"]
    assert_equal "html[#{attributes.fetch("ready")}='true']", InertiaSync::SystemTestHelper::READY
    assert_equal "html[#{attributes.fetch("reloads")}]", InertiaSync::SystemTestHelper::RELOADS
    assert_equal "html[#{attributes.fetch("state")}='error']", InertiaSync::SystemTestHelper::REFUSED
  end

  test "waits for a number of sync reloads" do
    assert Page.new({ "data-sync-reloads": "2" }).wait_for_inertia_sync_reloads(2)
    assert_raises(Minitest::Assertion) { Page.new({ "data-sync-reloads": "1" }).wait_for_inertia_sync_reloads(2) }
  end
end
