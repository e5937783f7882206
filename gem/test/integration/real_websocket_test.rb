require "support/real_websocket_case"

# One Puma process on the async cable adapter, real WebSockets. Commits happen inside the server
# (through AccountsController#rename), since the async adapter only reaches that process's clients.
class RealWebSocketTest < RealWebSocketTestCase
  class << self
    def start_processes
      @server, = start_on_async([ "async" ])
    end
  end

  setup do
    @member, @account, @identifier = create_member_with_account
    @outsider = create_user
  end

  test "a member receives the marker of a commit, with versions above the subscribed one and growing" do
    client = subscribed_client(@server, @member)
    subscribed = assert_subscribed(client, @identifier)

    rename_through(@server, @account, "Renamed once")
    first = assert_marker(client, @identifier, above: subscribed["version"])
    assert_equal [ "action", "identifier", "timestamp", "version" ], first.keys.sort

    rename_through(@server, @account, "Renamed twice")
    second = assert_marker(client, @identifier, above: first["version"])

    assert_equal [ first["version"], second["version"] ], client.markers(@identifier).map { |marker| marker["version"] }
    # A later subscription (say, after a reconnect) starts at the last change.
    assert_equal second["version"], subscribed_client(@server, @member).subscribe_to(@identifier, WAIT)["version"]
  end

  test "a commit right after subscribe_to is never lost: in the reply's version or in a marker" do
    10.times do |round|
      client = subscribed_client(@server, @member)
      client.perform("subscribe_to", identifier: @identifier) # no waiting for the reply
      rename_through(@server, @account, "Raced #{round}")
      reply = client.wait_for_channel(WAIT) { |payload| payload["type"] == "subscribed" }
      latest = subscribed_client(@server, @member).subscribe_to(@identifier, WAIT)["version"]

      seen = ([ reply["version"] ] + client.markers(@identifier).map { |marker| marker["version"] }).max
      seen = client.wait_for_marker(@identifier, WAIT)["version"] if seen < latest
      assert_equal latest, seen, "round #{round}: the client never learned of the commit"
      client.close
    end
  end

  test "a non-member on the same server is refused and never receives the marker" do
    member = subscribed_client(@server, @member)
    outsider = subscribed_client(@server, @outsider)
    subscribed = assert_subscribed(member, @identifier)
    assert_refused(outsider, @identifier)
    # The outsider's own account, to know when later markers have reached it.
    own = create_account(members: [ @outsider ])
    assert_subscribed(outsider, id_of(own))

    rename_through(@server, @account, "Members only")
    assert_marker(member, @identifier, above: subscribed["version"])

    rename_through(@server, own, "Barrier")
    assert_marker(outsider, id_of(own), above: subscribed["version"])
    assert_no_marker(outsider, @identifier)
    assert_no_marker(outsider, "Account:all")
  end

  test "a site admin on Account:all receives the marker of the same transaction, at the same version" do
    admin = subscribed_client(@server, create_user(site_admin: true))
    member = subscribed_client(@server, @member)
    subscribed = assert_subscribed(admin, "Account:all")
    assert_subscribed(member, @identifier)
    assert_refused(member, "Account:all")

    rename_through(@server, @account, "Seen by the admin")
    everything = assert_marker(admin, "Account:all", above: subscribed["version"])
    one = assert_marker(member, @identifier, above: subscribed["version"])

    assert_equal one["version"], everything["version"]
    assert_empty admin.markers(@identifier), "the admin did not subscribe to #{@identifier}"
  end

  test "a commit made outside the server does not reach its clients (async adapter)" do
    admin = subscribed_client(@server, create_user(site_admin: true))
    subscribed = assert_subscribed(admin, "Account:all")

    create_account # in the test process: its broadcast stays there
    rename_through(@server, @account, "In the server")

    marker = assert_marker(admin, "Account:all", above: subscribed["version"])
    assert_equal "update", marker["action"]
    assert_no_marker(admin, "Account:all") { |candidate| candidate["action"] == "create" }
  end

  test "a follower's marker carries no tab id, even when the writing request sends one (as version 1 tabs did)" do
    client = subscribed_client(@server, @member)
    subscribed = assert_subscribed(client, @identifier)

    rename_through(@server, @account, "From a tab", headers: { "X-Inertia-Sync-Origin" => "tab_3fK9x2LmQp" })

    marker = assert_marker(client, @identifier, above: subscribed["version"])
    assert_equal [ "action", "identifier", "timestamp", "version" ], marker.keys.sort
    assert_not_includes client.messages.to_json, "tab_3fK9x2LmQp"
  end

  test "a connection without a valid session cookie is rejected" do
    session = @member.sessions.create!
    cookies = {
      "no cookie" => nil,
      "an unsigned cookie" => "session_id=#{session.id}",
      "a tampered cookie" => session_cookie(@member).sub(/..\z/, "xx"),
      "a cookie signed with another secret" => "session_id=#{Rack::Utils.escape(ActiveSupport::MessageVerifier.new("another-secret").generate(session.id))}"
    }

    cookies.each do |label, cookie|
      client = open_client(@server, cookie: cookie, name: label)
      frame = client.wait_for(WAIT, "a disconnect") { |candidate| candidate["type"] == "disconnect" }
      assert_equal({ "type" => "disconnect", "reason" => "unauthorized", "reconnect" => false }, frame, label)
      client.wait_closed(WAIT)
      assert_empty client.messages.select { |candidate| candidate["type"] == "welcome" }, label
    end

    # The same session, with a cookie signed as the app signs it, connects.
    assert subscribed_client(@server, @member)
  end

  test "a session destroyed before connecting no longer authenticates" do
    cookie = session_cookie(@member)
    @member.sessions.destroy_all

    client = open_client(@server, cookie: cookie)
    assert_equal "unauthorized", client.wait_for(WAIT, "a disconnect") { |candidate| candidate["type"] == "disconnect" }["reason"]
  end
end
