ENV["RAILS_ENV"] = "test"
ENV.delete("ENABLE_SYNC")
ENV.delete("DATABASE_URL")

require_relative "dummy/config/environment"

ActiveRecord::Schema.verbose = false
load File.expand_path("dummy/db/schema.rb", __dir__)

require "rails/test_help"
require "minitest/autorun"
require "inertia_sync/test_helper"

module InertiaSyncTestSupport
  # Fresh configuration and memory versions for every test; broadcasts go through the test adapter.
  # No health checks: the tests that need one start it themselves (the integration servers run it).
  def before_setup
    InertiaSync.config = { health_check_interval: 0 }
    InertiaSync.version_store = InertiaSync::VersionStore::Memory.new
    super
  end

  def create_user(email = "user#{SecureRandom.hex(4)}@example.test", site_admin: false)
    User.create!(email_address: email, password: "secret-password", site_admin: site_admin)
  end

  def create_account(name = "Account #{SecureRandom.hex(3)}", members: [])
    Account.create!(name: name).tap do |account|
      members.each { |user| AccountUser.create!(account: account, user: user) }
    end
  end

  def id_of(record)
    "#{record.class.name}:#{record.obfuscated_id}"
  end

  # Polls the block (bounded) until it is truthy; fails naming +what+ otherwise. For what arrives on
  # another thread or process and cannot be waited for more directly.
  def wait_until(what, timeout: 10, every: 0.02)
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
    until yield
      flunk "no #{what} within #{timeout}s" if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
      sleep every
    end
  end

  def broadcasts_on(stream)
    ActionCable.server.pubsub.broadcasts(stream).map { |message| ActiveSupport::JSON.decode(message) }
  end
end

class ActiveSupport::TestCase
  include InertiaSyncTestSupport
end
