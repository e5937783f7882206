require "test_helper"

class SyncChannelTest < ActionCable::Channel::TestCase
  tests SyncChannel

  setup do
    @member = create_user("member@example.test")
    @outsider = create_user("outsider@example.test")
    @admin = create_user("admin@example.test", site_admin: true)
    @account = create_account("Acme", members: [ @member ])
    @other_account = create_account("Other", members: [ @outsider ])
  end

  def subscribe_as(user)
    user ? stub_connection(current_user: user) : stub_connection
    subscribe
    assert subscription.confirmed?
  end

  def last_reply
    transmissions.last
  end

  # -- authorization matrix ---------------------------------------------------------------------

  {
    member: { object: true, all: false, collection: true },
    outsider: { object: false, all: false, collection: false },
    admin: { object: false, all: true, collection: false },
    nobody: { object: false, all: false, collection: false }
  }.each do |who, expectations|
    expectations.each do |kind, allowed|
      test "#{who} #{allowed ? "may" : "may not"} subscribe to #{kind}" do
        user = { member: @member, outsider: @outsider, admin: @admin, nobody: nil }.fetch(who)
        identifier = { object: id_of(@account), all: "Account:all", collection: "#{id_of(@account)}/account_users" }.fetch(kind)
        subscribe_as(user)

        perform :subscribe_to, identifier: identifier

        if allowed
          assert_has_stream identifier
          assert_equal({ "type" => "subscribed", "identifier" => identifier, "version" => InertiaSync.version_store.version_of(identifier) }, last_reply.to_h)
        else
          assert_no_streams
          assert_equal({ "type" => "error", "identifier" => identifier, "error" => "Unauthorized", "code" => "unauthorized" }, last_reply.to_h)
        end
      end
    end
  end

  test "a user may subscribe to their own record" do
    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(@member)
    assert_has_stream id_of(@member)

    perform :subscribe_to, identifier: id_of(@outsider)
    assert_equal "unauthorized", last_reply["code"]
  end

  test "per-model hooks replace the defaults" do
    project = Project.create!(account: @account, title: "Open")
    archived = Project.create!(account: @account, title: "Old", archived: true)
    staff = create_user("boss@staff.test")

    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(project)
    assert_has_stream id_of(project)
    perform :subscribe_to, identifier: id_of(archived)
    assert_equal "unauthorized", last_reply["code"]
    perform :subscribe_to, identifier: "Project:all"
    assert_equal "unauthorized", last_reply["code"]
    perform :subscribe_to, identifier: "#{id_of(@account)}/portfolio"
    assert_has_stream "#{id_of(@account)}/portfolio"

    unsubscribe
    subscribe_as(staff)
    perform :subscribe_to, identifier: "Project:all"
    assert_has_stream "Project:all"
  end

  test "admin_check is configurable" do
    InertiaSync.config.admin_check = ->(user) { user.email_address == "member@example.test" }
    subscribe_as(@member)

    perform :subscribe_to, identifier: "Account:all"
    assert_has_stream "Account:all"
  end

  test "losing access and subscribing again stops the stream" do
    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(@account)
    assert_has_stream id_of(@account)

    AccountUser.where(user: @member).delete_all
    perform :subscribe_to, identifier: id_of(@account)

    assert_equal "unauthorized", last_reply["code"]
    assert_has_no_stream id_of(@account)
  end

  # -- replies, versions, unsubscribe -------------------------------------------------------------

  test "subscribed carries the identifier's current version" do
    @account.update!(name: "Changed")
    @account.update!(name: "Changed again")
    subscribe_as(@member)

    perform :subscribe_to, identifier: id_of(@account)

    assert_equal InertiaSync.version_store.version_of(id_of(@account)), last_reply["version"]
    assert_operator last_reply["version"], :>, 0
  end

  test "subscribed carries the store's floor for an identifier it knows nothing of (e.g. after a restart)" do
    InertiaSync.version_store = InertiaSync::VersionStore::Memory.new(floor: 1_000)
    subscribe_as(@member)

    perform :subscribe_to, identifier: id_of(@account)

    assert_equal 1_000, last_reply["version"]
  end

  test "subscribing twice streams once" do
    subscribe_as(@member)
    2.times { perform :subscribe_to, identifier: id_of(@account) }

    assert_equal [ id_of(@account) ], subscription.send(:streams)
    assert_equal "subscribed", last_reply["type"]
  end

  test "unsubscribe_from stops the stream and replies" do
    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(@account)
    perform :subscribe_to, identifier: "#{id_of(@account)}/account_users"

    perform :unsubscribe_from, identifier: id_of(@account)

    assert_has_no_stream id_of(@account)
    assert_has_stream "#{id_of(@account)}/account_users"
    assert_equal({ "type" => "unsubscribed", "identifier" => id_of(@account) }, last_reply.to_h)
  end

  test "unsubscribe_from an identifier never subscribed still replies" do
    subscribe_as(@member)
    perform :unsubscribe_from, identifier: id_of(@other_account)
    assert_equal "unsubscribed", last_reply["type"]
  end

  test "unsubscribe_from with garbage replies invalid_identifier" do
    subscribe_as(@member)
    perform :unsubscribe_from, identifier: { "x" => 1 }
    assert_equal({ "type" => "error", "identifier" => nil, "error" => "Invalid identifier", "code" => "invalid_identifier" }, last_reply.to_h)
  end

  # -- limits -------------------------------------------------------------------------------------

  test "max_subscriptions per connection" do
    InertiaSync.config.max_subscriptions = 2
    third = create_account("Third", members: [ @member ])
    subscribe_as(@member)

    perform :subscribe_to, identifier: id_of(@account)
    perform :subscribe_to, identifier: "#{id_of(@account)}/account_users"
    perform :subscribe_to, identifier: id_of(third)
    assert_equal "limit_reached", last_reply["code"]
    assert_has_no_stream id_of(third)

    perform :subscribe_to, identifier: id_of(@account)
    assert_equal "subscribed", last_reply["type"], "resubscribing a held identifier is not a new subscription"

    perform :unsubscribe_from, identifier: id_of(@account)
    perform :subscribe_to, identifier: id_of(third)
    assert_has_stream id_of(third)
  end

  test "max_subscriptions defaults to SYNC_MAX_SUBSCRIPTIONS" do
    ENV["SYNC_MAX_SUBSCRIPTIONS"] = "7"
    assert_equal 7, InertiaSync::Configuration.new.max_subscriptions
  ensure
    ENV.delete("SYNC_MAX_SUBSCRIPTIONS")
  end

  test "subscribe_to calls are rate limited" do
    InertiaSync.config.subscribe_rate_limit = 3
    subscribe_as(@member)

    3.times { perform :subscribe_to, identifier: "Nope:abcdef" }
    assert_equal "unknown_model", last_reply["code"]
    perform :subscribe_to, identifier: id_of(@account)

    assert_equal "rate_limited", last_reply["code"]
    assert_no_streams
  end

  test "identifiers longer than 200 characters are refused and not echoed" do
    subscribe_as(@member)
    long = "Account#{"x" * 190}:abcdef"

    perform :subscribe_to, identifier: long

    assert_equal({ "type" => "error", "identifier" => nil, "error" => "Invalid identifier", "code" => "invalid_identifier" }, last_reply.to_h)
  end

  # -- disabled -----------------------------------------------------------------------------------

  test "the channel is rejected when sync is disabled" do
    InertiaSync.config.enabled = false
    stub_connection current_user: @member

    subscribe

    assert subscription.rejected?
  end

  test "ENABLE_SYNC=false disables sync" do
    ENV["ENABLE_SYNC"] = "false"
    assert_not InertiaSync::Configuration.new.enabled
  ensure
    ENV.delete("ENABLE_SYNC")
  end

  test "disabling while subscribed refuses further subscriptions" do
    subscribe_as(@member)
    InertiaSync.config.enabled = false

    perform :subscribe_to, identifier: id_of(@account)

    assert_equal "disabled", last_reply["code"]
    assert_no_streams
  end

  # -- notifications ------------------------------------------------------------------------------

  test "subscribe.inertia_sync reports authorized and code" do
    events = []
    subscribe_as(@member)
    ActiveSupport::Notifications.subscribed(->(*, payload) { events << payload }, "subscribe.inertia_sync") do
      perform :subscribe_to, identifier: id_of(@account)
      perform :subscribe_to, identifier: id_of(@other_account)
    end

    assert_equal [ [ true, nil ], [ false, "unauthorized" ] ], events.map { |e| [ e[:authorized], e[:code] ] }
  end

  test "a raising hook is answered like a refusal, reported, never raised" do
    reported = []
    reporter = Object.new
    reporter.define_singleton_method(:report) { |error, **| reported << error }
    Rails.error.subscribe(reporter)
    Project.create!(account: @account, title: "X")
    original = Project.inertia_sync_authorizer
    Project.sync_authorize { |_user, _project| raise "hook bug" }
    subscribe_as(@member)

    perform :subscribe_to, identifier: id_of(Project.last)

    assert_equal "unauthorized", last_reply["code"]
    assert_no_streams
    assert_equal [ "hook bug" ], reported.map(&:message)
  ensure
    Project.inertia_sync_authorizer = original
    Rails.error.unsubscribe(reporter)
  end
end
