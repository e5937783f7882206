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
    page = Page.new({})
    page.wait_for_inertia_sync
    page.wait_for_inertia_sync(wait: 5)

    assert_equal [ [ "html[data-sync-ready='true']", { visible: :all } ], [ "html[data-sync-ready='true']", { visible: :all, wait: 5 } ] ], page.calls
  end

  test "the attributes are the ones the client sets (contract/protocol.json)" do
    attributes = JSON.parse(File.read(File.expand_path("../../../contract/protocol.json", __dir__)))["documentAttributes"]
    assert_equal "html[#{attributes.fetch("ready")}='true']", InertiaSync::SystemTestHelper::READY
    assert_equal "html[#{attributes.fetch("reloads")}]", InertiaSync::SystemTestHelper::RELOADS
  end

  test "waits for a number of sync reloads" do
    assert Page.new({ "data-sync-reloads": "2" }).wait_for_inertia_sync_reloads(2)
    assert_raises(Minitest::Assertion) { Page.new({ "data-sync-reloads": "1" }).wait_for_inertia_sync_reloads(2) }
  end
end
