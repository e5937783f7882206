require "support/real_websocket_case"

# Two Puma processes on the Solid Cable adapter (the Rails 8 default), sharing one SQLite database for
# both the app and the cable, and a file cache for versions (InertiaSync::VersionStore::Cache, picked
# by default when Rails.cache is shared), as an app on Solid Cable and Solid Cache would.
class TwoProcessesSolidCableTest < RealWebSocketTestCase
  class << self
    attr_reader :one, :two

    def start_processes
      cache_dir = File.join(work_dir, "cache")
      @one, @two = start_servers([ "one", "two" ], "INTEGRATION_CABLE_ADAPTER" => "solid_cable", "INTEGRATION_CACHE_DIR" => cache_dir)
    end
  end

  setup do
    @one, @two = self.class.one, self.class.two
    @member_one, @member_two, @outsider = Array.new(3) { create_user }
    @account = create_account(members: [ @member_one, @member_two ])
    @identifier = id_of(@account)
  end

  test "a commit through either server reaches clients of both, at one version from the shared store" do
    a = subscribed_client(@one, @member_one)
    b = subscribed_client(@two, @member_two)
    outsider = subscribed_client(@two, @outsider)
    subscribed_a = assert_subscribed(a, @identifier)
    assert_equal subscribed_a["version"], assert_subscribed(b, @identifier)["version"]
    assert_refused(outsider, @identifier)

    rename_through(@one, @account, "Through one")
    first_a = assert_marker(a, @identifier, above: subscribed_a["version"])
    assert_equal first_a, assert_marker(b, @identifier, above: subscribed_a["version"])

    rename_through(@two, @account, "Through two")
    second_a = assert_marker(a, @identifier, above: first_a["version"])
    assert_equal second_a, assert_marker(b, @identifier, above: first_a["version"])

    assert_no_marker_after_barrier(outsider, @identifier, user: @outsider, server: @one, above: second_a["version"])
  end
  # Solid Cable keeps messages in the database: while it refuses writes (here the test process holds
  # SQLite's write lock, longer than the servers' busy timeout) no marker can be published, and a
  # change made meanwhile (here by this process, past any callback) is announced by nobody.
  test "a database outage is reported to every socket; once it ends every socket is re-sent its versions" do
    a = subscribed_client(@one, @member_one)
    b = subscribed_client(@two, @member_two)
    before = [ assert_subscribed(a, @identifier), assert_subscribed(b, @identifier) ].map { |reply| reply["version"] }.max

    database = SQLite3::Database.new(self.class.database_path)
    database.busy_timeout = 5000
    database.execute("BEGIN IMMEDIATE")
    begin
      [ a, b ].each { |client| wait_for_interrupted(client, WAIT * 2) }
      database.execute("UPDATE accounts SET name = ? WHERE id = ?", [ "Changed while the database was locked", @account.id ])
    ensure
      database.execute("COMMIT")
      database.close
    end

    [ a, b ].each { |client| wait_for_resubscribed(client, @identifier, above: before) }
  end
  # Markers published while a process is down never reach its sockets; the tab reconnects (to it
  # or another process) and the version in each new subscribed reply covers what it missed.
  test "a server killed and started again: a client that comes back learns of the change it missed" do
    a = subscribed_client(@two, @member_two)
    before = assert_subscribed(a, @identifier)["version"]

    @two.stop
    a.wait_closed(WAIT)
    rename_through(@one, @account, "Renamed while two was down")
    @two.start

    again = subscribed_client(@two, @member_two)
    assert_operator assert_subscribed(again, @identifier)["version"], :>, before, "the reply tells the tab its page is behind"
  end
end
