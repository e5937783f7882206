require "test_helper"
require "generators/inertia_sync/install/install_generator"

# The install generator and the Session model of Rails' authentication generator.
class InstallSessionModelTest < Rails::Generators::TestCase
  tests InertiaSync::Generators::InstallGenerator
  destination File.expand_path("../../tmp/generator", __dir__)
  setup :prepare_destination

  def write_session_model(body = "  belongs_to :user\n")
    FileUtils.mkdir_p(File.join(destination_root, "app/models"))
    File.write(File.join(destination_root, "app/models/session.rb"), "class Session < ApplicationRecord\n#{body}end\n")
  end

  test "the generated Session model ends sync sockets when destroyed" do
    write_session_model

    run_generator

    assert_file "app/models/session.rb", /class Session < ApplicationRecord\n  include InertiaSync::SyncSession\n  belongs_to :user\nend/
  end

  test "a second run changes nothing" do
    write_session_model
    run_generator
    run_generator

    assert_file "app/models/session.rb" do |source|
      assert_equal 1, source.scan("InertiaSync::SyncSession").size
    end
  end

  test "no Session model, nothing written" do
    run_generator

    assert_no_file "app/models/session.rb"
  end
end
