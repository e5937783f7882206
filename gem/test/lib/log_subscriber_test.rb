require "test_helper"

class LogSubscriberTest < ActiveSupport::TestCase
  setup do
    @output = StringIO.new
    @previous_logger = ActiveSupport::LogSubscriber.logger
    ActiveSupport::LogSubscriber.logger = ActiveSupport::Logger.new(@output).tap { |logger| logger.level = :debug }
  end

  teardown { ActiveSupport::LogSubscriber.logger = @previous_logger }

  test "one line per marker, like Action Cable's broadcast lines" do
    account = create_account
    @output.truncate(0)
    @output.rewind
    account.update!(name: "Renamed")

    lines = @output.string.lines.grep(/\[InertiaSync\]/)
    version = InertiaSync.version_store.version_of(id_of(account))
    assert_equal [ "[InertiaSync] Broadcasting #{id_of(account)} update (version #{version})\n", "[InertiaSync] Broadcasting Account:all update (version #{version})\n" ], lines
  end

  test "nothing above debug level, as in production" do
    ActiveSupport::LogSubscriber.logger.level = :info
    create_account

    assert_empty @output.string.lines.grep(/\[InertiaSync\]/)
  end
end
