require "test_helper"

# SyncChannel after it subscribed: authorization with the user as stored now, and re-checks that end
# what the user lost (InertiaSync::Reauthorization).
class ReauthorizationTest < ActionCable::Channel::TestCase
  tests SyncChannel

  setup do
    @member = create_user
    @account = create_account(members: [ @member ])
    @own = create_account(members: [ @member ])
  end

  def subscribe_as(user)
    stub_connection(current_user: user)
    subscribe
    assert subscription.confirmed?
  end

  test "subscribe_to decides with the user as stored now, not the object loaded at connect" do
    admin = create_user(site_admin: true)
    subscribe_as(admin)
    User.where(id: admin.id).update_all(site_admin: false)

    perform :subscribe_to, identifier: "Account:all"

    assert_equal "unauthorized", transmissions.last["code"]
    assert_no_streams
  end

  test "a re-check ends the identifiers the user lost, with unsubscribed and a code, and keeps the rest" do
    subscribe_as(@member)
    [ id_of(@account), "#{id_of(@account)}/account_users", id_of(@own) ].each { |identifier| perform :subscribe_to, identifier: identifier }
    AccountUser.where(account: @account, user: @member).delete_all

    subscription.inertia_sync_reauthorize

    ended = transmissions.select { |message| message["type"] == "unsubscribed" }
    assert_equal [ id_of(@account), "#{id_of(@account)}/account_users" ].sort, ended.map { |message| message["identifier"] }.sort
    ended.each { |message| assert_equal "unauthorized", message["code"] }
    assert_has_no_stream id_of(@account)
    assert_has_stream id_of(@own)
  end

  test "a re-check that cannot reach the database keeps every subscription" do
    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(@account)
    broken = ->(*) { raise ActiveRecord::ConnectionNotEstablished }

    User.stub(:find_by, broken) { subscription.inertia_sync_reauthorize }

    assert_has_stream id_of(@account)
    assert_empty transmissions.select { |message| message["type"] == "unsubscribed" }
  end

  test "InertiaSync.reauthorize reaches the user's subscriptions through the pub/sub" do
    subscribe_as(@member)
    perform :subscribe_to, identifier: id_of(@account)
    AccountUser.where(account: @account, user: @member).delete_all

    InertiaSync.reauthorize(@member)

    # The test adapter delivers broadcasts on Action Cable's event loop.
    wait_until("the end of #{id_of(@account)}") { transmissions.any? { |message| message["type"] == "unsubscribed" } }
    assert_has_no_stream id_of(@account)
  end

  test "an unsubscribed channel leaves the directory" do
    subscribe_as(@member)
    key = InertiaSync::Revocation.key_of(@member)
    assert InertiaSync::Revocation.directory.subscriptions_for(key).any? { |entry| entry.equal?(subscription) }

    unsubscribe

    assert InertiaSync::Revocation.directory.subscriptions_for(key).none? { |entry| entry.equal?(subscription) }
  end
end
