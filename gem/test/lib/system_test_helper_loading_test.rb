require "test_helper"

# From an app's point of view: in a fresh process, with nothing required but the app and Rails'
# system-test case (which loads Capybara), the helper is there without a require or an include.
class SystemTestHelperLoadingTest < ActiveSupport::TestCase
  test "Rails system tests include InertiaSync::SystemTestHelper, and the constant needs no require" do
    script = <<~RUBY
      ENV["RAILS_ENV"] = "test"
      require_relative "dummy/config/environment"
      puts "constant: \#{InertiaSync::SystemTestHelper.name}"
      require "action_dispatch/system_test_case"
      puts "included: \#{ActionDispatch::SystemTestCase.include?(InertiaSync::SystemTestHelper)}"
      puts "responds: \#{ActionDispatch::SystemTestCase.method_defined?(:wait_for_inertia_sync)}"
    RUBY
    output = IO.popen([ RbConfig.ruby, "-e", script, chdir: File.expand_path("..", __dir__), err: [ :child, :out ] ], &:read)

    assert_includes output, "constant: InertiaSync::SystemTestHelper", output
    assert_includes output, "included: true", output
    assert_includes output, "responds: true", output
  end
end
