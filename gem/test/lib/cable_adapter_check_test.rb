require "test_helper"

class CableAdapterCheckTest < ActiveSupport::TestCase
  test "warns in development when the adapter reaches one process only" do
    %w[async inline].each do |adapter|
      assert_match(/#{adapter} adapter reaches this process only/, InertiaSync::CableAdapterCheck.warning(env: "development", adapter: adapter))
    end
  end

  test "says nothing for adapters that span processes, or outside development" do
    assert_nil InertiaSync::CableAdapterCheck.warning(env: "development", adapter: "redis")
    assert_nil InertiaSync::CableAdapterCheck.warning(env: "development", adapter: "solid_cable")
    assert_nil InertiaSync::CableAdapterCheck.warning(env: "test", adapter: "test")
    assert_nil InertiaSync::CableAdapterCheck.warning(env: "production", adapter: "async")
    assert_nil InertiaSync::CableAdapterCheck.warning(env: "development", adapter: nil)
  end

  test "run logs the warning at warn level" do
    output = StringIO.new
    InertiaSync::CableAdapterCheck.run(env: "development", adapter: "async", logger: ActiveSupport::Logger.new(output))
    InertiaSync::CableAdapterCheck.run(env: "development", adapter: "redis", logger: ActiveSupport::Logger.new(output))

    assert_equal 1, output.string.lines.grep(/\[InertiaSync\] Action Cable's async adapter/).size
  end

  test "the app checks once at boot, in development, and not in tests" do
    output = boot_dummy("development")
    assert_equal 1, output.scan("Action Cable's async adapter reaches this process only").size, output
    assert_no_match(/reaches this process only/, boot_dummy("test"))
  end

  private
    # Boots the dummy app in +env+ with the async adapter and its log on stdout; returns the output.
    def boot_dummy(env)
      script = <<~RUBY
        ENV["RAILS_ENV"] = #{env.dump}
        require "logger"
        require_relative "dummy/config/application"
        Dummy::Application.config.logger = ActiveSupport::Logger.new($stdout)
        Dummy::Application.config.action_cable.cable = { "adapter" => "async" }
        Dummy::Application.initialize!
      RUBY
      IO.popen([ RbConfig.ruby, "-I", File.expand_path("..", __dir__), "-e", script, chdir: File.expand_path("..", __dir__), err: [ :child, :out ] ], &:read)
    end
end
