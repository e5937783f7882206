require "support/real_websocket_case"

# Who may see what changes while sockets are open: logging out, a password reset, a deleted user or
# session, a removed member, a demoted admin. One Puma on the async adapter; every change is made
# inside the server (through the dummy app's controllers), as an app makes it.
class AccessRevocationTest < RealWebSocketTestCase
  class << self
    def start_processes
      # No periodic check: what is proven here must happen because of the change itself.
      @server, = start_on_async([ "access" ], "SYNC_REAUTHORIZE_INTERVAL" => "0")
    end
  end

  setup do
    @member, @account, @identifier = create_member_with_account
  end

  test "logging out closes the sockets of that session, and only those" do
    leaving_cookie, staying_cookie = session_cookie(@member), session_cookie(@member)
    leaving = following(@identifier, cookie: leaving_cookie, name: "leaving")
    staying = following(@identifier, cookie: staying_cookie, name: "staying")

    assert_equal "204", post(:session, _method: "delete", cookie: leaving_cookie).code

    assert_closed_for_good leaving
    subscribed = assert_subscribed(staying, id_of(create_account(members: [ @member ])))
    rename_through(@server, @account, "After one logout")
    assert_marker(staying, @identifier, above: subscribed["version"])
  end

  test "a password reset (which destroys the user's sessions) closes every socket of the user" do
    clients = 2.times.map { |n| following(@identifier, user: @member, name: "tab #{n}") }

    post("/users/#{@member.id}/reset_password")

    clients.each { |client| assert_closed_for_good client }
  end

  test "deleting a user closes their sockets" do
    client = following(@identifier, user: @member)

    post("/users/#{@member.id}/destroy")

    assert_closed_for_good client
  end

  test "a session deleted without callbacks can no longer subscribe_to, and its socket closes" do
    client = following(@identifier, user: @member)

    post("/users/#{@member.id}/expire_sessions")

    reply = client.subscribe_to(id_of(create_account(members: [ @member ])), WAIT)
    assert_equal "unauthorized", reply["code"]
    assert_closed_for_good client
  end

  test "InertiaSync.sign_out closes the user's sockets and lets them reconnect: a valid session authenticates again" do
    cookie = session_cookie(@member)
    client = following(@identifier, cookie: cookie)

    post("/users/#{@member.id}/sign_out")

    frame = client.wait_for(WAIT, "a disconnect") { |candidate| candidate["type"] == "disconnect" }
    assert_equal({ "type" => "disconnect", "reason" => "unauthorized", "reconnect" => true }, frame)
    client.wait_closed(WAIT)
    assert following(@identifier, cookie: cookie, name: "reconnected")
  end

  test "a member removed from an account stops receiving its markers, on the same socket" do
    other_member = create_user
    AccountUser.create!(account: @account, user: other_member)
    kept = create_account(members: [ @member ])
    removed = following(@identifier, "#{@identifier}/account_users", id_of(kept), user: @member, name: "removed")
    watcher = following(@identifier, user: other_member, name: "still a member")

    post("/accounts/#{@account.id}/members/#{@member.id}/remove")

    [ @identifier, "#{@identifier}/account_users" ].each do |identifier|
      assert_equal({ "type" => "unsubscribed", "identifier" => identifier, "code" => "unauthorized" }, wait_for_unsubscribed(removed, identifier))
    end
    version = latest_version(removed)
    rename_through(@server, @account, "Members only now")
    assert_marker(watcher, @identifier, above: version)
    rename_through(@server, kept, "Barrier")
    assert_marker(removed, id_of(kept), above: version)
    assert_no_marker(removed, @identifier) { |marker| marker["version"] > version }
    assert_refused_again(removed, @identifier)
    assert_not removed.closed?
  end

  test "a demoted admin loses Account:all on the same socket, and keeps the rest" do
    admin = create_user(site_admin: true)
    own = create_account(members: [ admin ])
    client = following("Account:all", id_of(own), user: admin)

    post("/users/#{admin.id}/demote")

    assert_equal({ "type" => "unsubscribed", "identifier" => "Account:all", "code" => "unauthorized" }, wait_for_unsubscribed(client))
    version = latest_version(client)
    rename_through(@server, own, "Still mine")
    assert_marker(client, id_of(own), above: version)
    assert_no_marker(client, "Account:all") { |marker| marker["version"] > version }
    assert_refused_again(client, "Account:all")
  end

  private
    # A client subscribed to each of +identifiers+.
    def following(*identifiers, user: nil, cookie: session_cookie(user), name: "client")
      client = open_client(@server, cookie: cookie, name: name)
      client.wait_for_welcome(WAIT)
      assert_equal :confirmed, client.subscribe_channel(WAIT)
      identifiers.each { |identifier| assert_subscribed(client, identifier) }
      client
    end

    def post(path, _method: nil, cookie: nil)
      path = "/#{path}" if path.is_a?(Symbol)
      response = @server.post(path, _method ? { _method: _method } : {}, cookie ? { "Cookie" => cookie } : {})
      assert_includes %w[204 302], response.code, "POST #{path}: #{response.code} #{response.body.to_s[0, 300]}"
      response
    end

    # The highest version +client+ was told of: later markers are above it.
    def latest_version(client)
      client.channel_messages.filter_map { |payload| payload["version"] }.max
    end

    # Like assert_refused, for an identifier +client+ already had a reply for.
    def assert_refused_again(client, identifier)
      earlier = client.messages
      client.perform("subscribe_to", identifier: identifier)
      reply = client.wait_for_channel(WAIT, "a new reply for #{identifier}") do |payload|
        payload["identifier"] == identifier && %w[subscribed error].include?(payload["type"]) && earlier.none? { |frame| frame["message"].equal?(payload) }
      end
      assert_equal({ "type" => "error", "identifier" => identifier, "error" => "Unauthorized", "code" => "unauthorized" }, reply)
    end

    def assert_closed_for_good(client)
      assert_closed(client, "unauthorized")
    end
end

# The same, with the connection Rails' authentication generator writes (which does not include
# InertiaSync::Connection).
class AccessRevocationGeneratedConnectionTest < AccessRevocationTest
  def self.start_processes
    @server, = start_on_async([ "generated" ], "SYNC_REAUTHORIZE_INTERVAL" => "0", "INTEGRATION_CONNECTION" => "generated")
  end
end

# The periodic check: access lost without any announcement (rows deleted without callbacks) ends
# within reauthorize_interval, here 1 s.
class PeriodicReauthorizationTest < RealWebSocketTestCase
  class << self
    def start_processes
      @server, = start_on_async([ "periodic" ], "SYNC_REAUTHORIZE_INTERVAL" => "1")
    end
  end

  test "a membership deleted without callbacks ends the account's subscription, on the same socket" do
    member = create_user
    account = create_account(members: [ member ])
    client = subscribed_client(self.class.server, member)
    assert_subscribed(client, id_of(account))

    response = self.class.server.post("/accounts/#{account.id}/members/#{member.id}/remove_silently")
    assert_equal "204", response.code

    assert_equal({ "type" => "unsubscribed", "identifier" => id_of(account), "code" => "unauthorized" }, wait_for_unsubscribed(client))
  end

  test "a session deleted without callbacks closes its socket" do
    member = create_user
    client = subscribed_client(self.class.server, member)

    self.class.server.post("/users/#{member.id}/expire_sessions")

    assert_closed(client, "unauthorized")
  end
end
