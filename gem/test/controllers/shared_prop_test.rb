require "test_helper"

class SharedPropTest < ActionDispatch::IntegrationTest
  setup do
    Rails.cache.clear
    SharedPropsController.renders = []
    @alice = create_user("alice@example.test")
    @bob = create_user("bob@example.test")
    @account = create_account("Acme", members: [ @alice, @bob ])
  end

  def reload_account(user, **params)
    get "/shared_props/#{@account.obfuscated_id}", params: { user: user&.id, **params }, headers: {
      "X-Inertia" => "true", "X-Inertia-Partial-Component" => "accounts/show", "X-Inertia-Partial-Data" => "account"
    }
    assert_response :success
    response.parsed_body["props"]["account"]
  end

  test "one user's reloads of an unchanged record render it once" do
    first = reload_account(@alice)
    second = reload_account(@alice)

    assert_equal first, second
    assert_equal [ "alice@example.test" ], SharedPropsController.renders
  end

  test "a change to any dependency renders it again, with the change" do
    reload_account(@alice)
    @account.update!(name: "Acme 2")
    assert_equal "Acme 2", reload_account(@alice)["name"]

    AccountUser.find_by!(account: @account, user: @bob).destroy!
    assert_equal 1, reload_account(@alice)["members"]
    assert_equal 3, SharedPropsController.renders.size
  end

  test "by default another user never gets the first user's rendering" do
    assert_equal "alice@example.test", reload_account(@alice)["viewer"]
    assert_equal "bob@example.test", reload_account(@bob)["viewer"]
    assert_equal %w[alice@example.test bob@example.test], SharedPropsController.renders
  end

  test "scope: :everyone shares one rendering between users" do
    reload_account(@alice, scope: "everyone")

    assert_equal "alice@example.test", reload_account(@bob, scope: "everyone")["viewer"]
    assert_equal [ "alice@example.test" ], SharedPropsController.renders
  end

  test "without a user and without a scope the block runs every time" do
    2.times { reload_account(nil) }

    assert_equal [ nil, nil ], SharedPropsController.renders
  end

  test "a change committed after the request read its cursor is rendered but not filed under its version" do
    store = InertiaSync.version_store
    account = @account
    original = store.method(:current)
    # The change lands between the cursor read and the prop's version read.
    store.define_singleton_method(:current) { original.call.tap { account.update!(name: "Acme mid-request") } }
    reload_account(@alice)
    store.singleton_class.remove_method(:current)

    reload_account(@alice)
    assert_equal 2, SharedPropsController.renders.size
  ensure
    store.singleton_class.remove_method(:current) if store.singleton_class.method_defined?(:current, false)
  end

  test "a partial reload of another prop reads no versions and runs no block" do
    store = InertiaSync.version_store
    reads = 0
    original = store.method(:versions_of)
    store.define_singleton_method(:versions_of) { |identifiers| reads += 1; original.call(identifiers) }

    get "/shared_props/#{@account.obfuscated_id}", params: { user: @alice.id }, headers: {
      "X-Inertia" => "true", "X-Inertia-Partial-Component" => "accounts/show", "X-Inertia-Partial-Data" => "other"
    }

    assert_equal "other", response.parsed_body["props"]["other"]
    assert_equal 0, reads
    assert_empty SharedPropsController.renders
  ensure
    store.singleton_class.remove_method(:versions_of)
  end

  test "a reload reads the versions of all its dependencies in one call" do
    store = InertiaSync.version_store
    calls = []
    original = store.method(:versions_of)
    store.define_singleton_method(:versions_of) { |identifiers| calls << identifiers; original.call(identifiers) }
    store.define_singleton_method(:version_of) { |_| raise "read one at a time" }

    2.times { reload_account(@alice) }

    assert_equal [ [ "Account:#{@account.obfuscated_id}", "Account:#{@account.obfuscated_id}/account_users" ] ] * 2, calls
    assert_equal 1, SharedPropsController.renders.size
  ensure
    store.singleton_class.remove_method(:versions_of)
    store.singleton_class.remove_method(:version_of)
  end

  test "a store of the app's own without versions_of is read one identifier at a time" do
    store = InertiaSync.version_store
    own = Class.new do
      def initialize(store) = @store = store
      def current = @store.current
      def version_of(identifier) = @store.version_of(identifier)
    end.new(store)
    InertiaSync.version_store = own

    2.times { assert_equal "Acme", reload_account(@alice)["name"] }
    assert_equal 1, SharedPropsController.renders.size
  ensure
    InertiaSync.version_store = store
  end

  test "an unreadable version store renders the prop unshared" do
    store = InertiaSync.version_store
    store.define_singleton_method(:versions_of) { |_| raise InertiaSync::VersionStore::Unavailable, "down" }

    2.times { assert_equal "Acme", reload_account(@alice)["name"] }
    assert_equal 2, SharedPropsController.renders.size
  ensure
    store.singleton_class.remove_method(:versions_of)
  end

  test "bad dependencies are refused when the prop is declared" do
    assert_raises(ArgumentError) { InertiaSync.shared_prop { 1 } }
    assert_raises(ArgumentError) { InertiaSync.shared_prop(@account) }
    assert_raises(ArgumentError) { InertiaSync.shared_prop(Object.new) { 1 } }
    assert_raises(ArgumentError) { InertiaSync.shared_prop("Account:../x") { 1 } }
    assert_raises(ArgumentError) { InertiaSync.shared_prop([ @account, :bad, :extra ]) { 1 } }
    assert_kind_of Proc, InertiaSync.shared_prop(@account, [ @account, :account_users ], "Account:all") { 1 }
  end
end
