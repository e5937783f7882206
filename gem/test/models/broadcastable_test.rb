require "test_helper"

# Runs without the fixture transaction so that commits are real, as in production.
class BroadcastableTest < ActiveSupport::TestCase
  self.use_transactional_tests = false

  setup do
    [ Project, AccountUser, Session, Account, User ].each(&:delete_all)
    @user = create_user
    @account = create_account("Acme")
  end

  test "create marks the record, :all, and nothing else" do
    markers = capture_sync_broadcasts { @created = Account.create!(name: "New") }

    assert_equal [ id_of(@created), "Account:all" ].sort, markers.map { |m| m[:identifier] }.sort
    assert markers.all? { |m| m[:action] == "create" }
  end

  test "update marks the record and :all with action update" do
    assert_sync_broadcast id_of(@account), action: :update, count: 1 do
      @account.update!(name: "Renamed")
    end
  end

  test "a save without changes marks nothing" do
    assert_no_sync_broadcasts { @account.save! }
  end

  test "destroy marks the record with action destroy, obfuscated id still computable" do
    identifier = id_of(@account)
    markers = capture_sync_broadcasts { @account.destroy! }

    assert_includes markers.map { |m| [ m[:identifier], m[:action] ] }, [ identifier, "destroy" ]
    assert_includes markers.map { |m| [ m[:identifier], m[:action] ] }, [ "Account:all", "destroy" ]
  end

  test "markers go to the identifier's own stream, never to a shared one" do
    @account.update!(name: "Streamed")

    assert_equal "update", broadcasts_on(id_of(@account)).last["action"]
    assert_empty broadcasts_on("sync")
  end

  test "a model without broadcasts_to :all does not mark :all" do
    markers = capture_sync_broadcasts { create_user }

    assert_equal 1, markers.size
    assert_match(/\AUser:[A-Za-z0-9]{6,}\z/, markers.first[:identifier])
  end

  test "a child marks its parent's collection, not the parent itself" do
    markers = capture_sync_broadcasts { AccountUser.create!(account: @account, user: @user) }
    identifiers = markers.map { |m| m[:identifier] }

    assert_includes identifiers, "#{id_of(@account)}/account_users"
    assert_not_includes identifiers, id_of(@account)
  end

  test "as: renames the collection" do
    markers = capture_sync_broadcasts { Project.create!(account: @account, title: "P") }

    assert_includes markers.map { |m| m[:identifier] }, "#{id_of(@account)}/portfolio"
    assert_not markers.any? { |m| m[:identifier].end_with?("/projects") }
  end

  test "moving a child to another parent marks both collections" do
    membership = AccountUser.create!(account: @account, user: @user)
    other = create_account("Other")

    markers = capture_sync_broadcasts { membership.update!(account: other) }
    identifiers = markers.map { |m| m[:identifier] }

    assert_includes identifiers, "#{id_of(@account)}/account_users"
    assert_includes identifiers, "#{id_of(other)}/account_users"
  end

  test "destroying a child marks its parent's collection" do
    membership = AccountUser.create!(account: @account, user: @user)

    assert_sync_broadcast "#{id_of(@account)}/account_users", action: :destroy do
      membership.destroy!
    end
  end

  test "destroying a parent with dependent children marks each identifier once" do
    AccountUser.create!(account: @account, user: @user)
    AccountUser.create!(account: @account, user: create_user)

    markers = capture_sync_broadcasts { @account.destroy! }
    identifiers = markers.map { |m| m[:identifier] }

    assert_equal identifiers.uniq, identifiers
    assert_includes identifiers, "#{id_of(@account)}/account_users"
    assert_equal 1, markers.map { |m| m[:version] }.uniq.size
  end

  test "a transaction sends one marker per identifier, after commit, with one version" do
    markers = capture_sync_broadcasts do
      Account.transaction do
        5.times { |i| @account.update!(name: "Name #{i}") }
        AccountUser.create!(account: @account, user: @user)
      end
    end

    identifiers = markers.map { |m| m[:identifier] }
    assert_equal identifiers.uniq, identifiers
    assert_equal 1, identifiers.count(id_of(@account))
    assert_equal 1, markers.map { |m| m[:version] }.uniq.size
  end

  test "nothing is sent before the outermost commit" do
    ActionCable.server.pubsub.clear
    sent_inside = nil
    markers = capture_sync_broadcasts do
      Account.transaction do
        @account.update!(name: "Inside")
        Account.transaction { @account.update!(name: "Nested") }
        sent_inside = broadcasts_on(id_of(@account)).size
      end
    end

    assert_equal 0, sent_inside
    assert_equal 1, markers.count { |m| m[:identifier] == id_of(@account) }
  end

  test "a rolled back transaction sends nothing" do
    assert_no_sync_broadcasts do
      Account.transaction do
        @account.update!(name: "Never")
        Account.create!(name: "Never either")
        raise ActiveRecord::Rollback
      end
    end
  end

  test "an exception rolls back and sends nothing" do
    assert_no_sync_broadcasts do
      assert_raises(RuntimeError) do
        Account.transaction do
          @account.update!(name: "Never")
          raise "boom"
        end
      end
    end
  end

  test "a rolled back savepoint drops only its own marks" do
    other = create_account("Other")

    markers = capture_sync_broadcasts do
      Account.transaction do
        @account.update!(name: "Kept")
        Account.transaction(requires_new: true) do
          other.update!(name: "Dropped")
          raise ActiveRecord::Rollback
        end
      end
    end

    identifiers = markers.map { |m| m[:identifier] }
    assert_includes identifiers, id_of(@account)
    assert_not_includes identifiers, id_of(other)
  end

  test "a committed savepoint inside a rolled back savepoint is dropped too" do
    other = create_account("Other")

    markers = capture_sync_broadcasts do
      Account.transaction do
        @account.update!(name: "Kept")
        Account.transaction(requires_new: true) do
          Account.transaction(requires_new: true) { other.update!(name: "Inner") }
          raise ActiveRecord::Rollback
        end
      end
    end

    assert_not_includes markers.map { |m| m[:identifier] }, id_of(other)
    assert_includes markers.map { |m| m[:identifier] }, id_of(@account)
  end

  test "committed savepoints are coalesced with their parent into one marker and one version" do
    markers = capture_sync_broadcasts do
      Account.transaction do
        Account.transaction(requires_new: true) { @account.update!(name: "A") }
        @account.update!(name: "B")
        Account.transaction(requires_new: true) { @account.update!(name: "C") }
      end
    end

    assert_equal 1, markers.count { |m| m[:identifier] == id_of(@account) }
    assert_equal 1, markers.map { |m| m[:version] }.uniq.size
  end

  test "create then update in one transaction is reported as create; then destroy as destroy" do
    markers = capture_sync_broadcasts do
      Account.transaction do
        @new = Account.create!(name: "Fresh")
        @new.update!(name: "Fresher")
      end
    end
    assert_equal "create", markers.find { |m| m[:identifier] == id_of(@new) }[:action]

    markers = capture_sync_broadcasts do
      Account.transaction do
        @account.update!(name: "Going")
        @account.destroy!
      end
    end
    assert_equal "destroy", markers.find { |m| m[:identifier] == id_of(@account) }[:action]
  end

  test "InertiaSync.suppressing sends nothing for any model" do
    assert_no_sync_broadcasts do
      InertiaSync.suppressing do
        @account.update!(name: "Quiet")
        AccountUser.create!(account: @account, user: @user)
      end
    end
    assert_not InertiaSync.suppressed?
  end

  test "Model.suppressing_sync suppresses only that model" do
    markers = capture_sync_broadcasts do
      Account.suppressing_sync do
        @account.update!(name: "Quiet")
        AccountUser.create!(account: @account, user: @user)
      end
    end

    identifiers = markers.map { |m| m[:identifier] }
    assert_not_includes identifiers, id_of(@account)
    assert_includes identifiers, "#{id_of(@account)}/account_users"
  end

  test "sync_changed! marks records written by update_all" do
    other = create_account("Other")
    Account.update_all(name: "Bulk")

    markers = capture_sync_broadcasts { Account.sync_changed!(Account.all) }

    assert_equal [ id_of(@account), id_of(other), "Account:all" ].sort, markers.map { |m| m[:identifier] }.sort
    assert_equal 1, markers.map { |m| m[:version] }.uniq.size
  end

  test "sync_changed! accepts ids, and children's ids mark their parents' collections" do
    membership = AccountUser.create!(account: @account, user: @user)
    AccountUser.where(id: membership.id).update_all(updated_at: Time.current)

    markers = capture_sync_broadcasts { AccountUser.sync_changed!([ membership.id ]) }
    assert_includes markers.map { |m| m[:identifier] }, "#{id_of(@account)}/account_users"

    markers = capture_sync_broadcasts { Account.sync_changed!(@account.id, action: :destroy) }
    assert_equal [ [ id_of(@account), "destroy" ], [ "Account:all", "destroy" ] ], markers.map { |m| [ m[:identifier], m[:action] ] }
  end

  test "sync_changed! after insert_all and update_column" do
    Account.insert_all([ { name: "Inserted", created_at: Time.current, updated_at: Time.current } ])
    inserted = Account.find_by!(name: "Inserted")
    assert_sync_broadcast(id_of(inserted), action: :create) { Account.sync_changed!(inserted, action: :create) }

    @account.update_column(:name, "Column")
    assert_sync_broadcast(id_of(@account)) { @account.sync_changed! }
  end

  test "sync_changed! honours the current transaction and its rollback" do
    assert_no_sync_broadcasts do
      Account.transaction do
        Account.sync_changed!(@account)
        raise ActiveRecord::Rollback
      end
    end

    markers = capture_sync_broadcasts do
      Account.transaction do
        Account.update_all(name: "In transaction")
        Account.sync_changed!(@account)
        @account.reload.update!(name: "Also saved")
      end
    end
    assert_equal 1, markers.count { |m| m[:identifier] == id_of(@account) }
  end

  test "sync_changed! rejects unknown actions" do
    assert_raises(ArgumentError) { Account.sync_changed!(@account, action: :explode) }
  end

  test "versions grow across transactions and are shared within one" do
    first = capture_sync_broadcasts { @account.update!(name: "One") }
    second = capture_sync_broadcasts { @account.update!(name: "Two") }

    assert_equal 1, first.map { |m| m[:version] }.uniq.size
    assert_operator second.first[:version], :>, first.first[:version]
    assert_equal second.first[:version], InertiaSync.version_store.version_of(id_of(@account))
    assert_equal second.first[:version], InertiaSync.version_store.current
  end

  test "markers carry no attributes" do
    markers = capture_sync_broadcasts { @account.update!(name: "Secret name") }

    markers.each { |marker| assert_equal %w[action identifier timestamp version], marker.keys.sort }
    assert_not broadcasts_on(id_of(@account)).to_s.include?("Secret name")
  end

  test "sync_identifier and sync_name" do
    assert_equal id_of(@account), @account.sync_identifier
    assert_equal "Account", Account.sync_name
  end

  test "a failing version store does not fail the write" do
    store = InertiaSync::VersionStore::Memory.new
    store.define_singleton_method(:next_version) { |_| raise "store down" }
    InertiaSync.version_store = store

    assert_nothing_raised { @account.update!(name: "Still saved") }
    assert_equal "Still saved", @account.reload.name
  end

  test "registry knows every Broadcastable model and the collections declared on it" do
    assert_equal Account, InertiaSync.registry.model("Account")
    assert_nil InertiaSync.registry.model("Kernel")
    assert_nil InertiaSync.registry.model("Session")
    assert_equal({ "account_users" => AccountUser, "portfolio" => Project }, InertiaSync.registry.collections_for(Account))
    assert_equal({}, InertiaSync.registry.collections_for(User))
  end

  test "declaration errors are clear" do
    error = assert_raises(ArgumentError) { Class.new(ApplicationRecord) { def self.name = "Thing"; include Broadcastable; broadcasts_to :everything } }
    assert_match(/only :all/, error.message)
    assert_raises(ArgumentError) { Account.broadcasts_on_change_of(:a, :b, as: :x) }
  end
end
