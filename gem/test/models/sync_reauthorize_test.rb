require "test_helper"

# What models announce when they change who may see what: sync_reauthorize and InertiaSync::SyncSession
# publish revocations (InertiaSync::Revocation) after commit.
class SyncReauthorizeTest < ActiveSupport::TestCase
  setup do
    @member = create_user
    @account = create_account
    ActionCable.server.pubsub.clear
  end

  def revocations
    ActionCable.server.pubsub.broadcasts(InertiaSync::Revocation::STREAM).map { |message| JSON.parse(message) }
  end

  def key(user) = InertiaSync::Revocation.key_of(user)

  test "a membership's commits re-check its user, without loading it" do
    membership = AccountUser.create!(account: @account, user: @member)
    membership.destroy!

    assert_equal [ { "kind" => "reauthorize", "keys" => [ key(@member) ] } ] * 2, revocations
  end

  test "a membership moved to another user re-checks the old and the new one" do
    membership = AccountUser.create!(account: @account, user: @member)
    other = create_user
    ActionCable.server.pubsub.clear

    membership.update!(user: other)

    assert_equal [ key(other), key(@member) ], revocations.sole["keys"]
  end

  test "nothing is announced for a rolled back change" do
    AccountUser.transaction do
      AccountUser.create!(account: @account, user: @member)
      raise ActiveRecord::Rollback
    end

    assert_empty revocations
  end

  test "a condition limits the announcements: the user model re-checks itself when site_admin changes" do
    @member.update!(email_address: "renamed#{SecureRandom.hex(2)}@example.test")
    assert_empty revocations

    @member.update!(site_admin: true)
    assert_equal [ { "kind" => "reauthorize", "keys" => [ key(@member) ] } ], revocations
  end

  test "destroying a session ends it; a password reset's destroy_all ends each one" do
    sessions = 2.times.map { @member.sessions.create! }

    @member.sessions.destroy_all

    assert_equal sessions.map { |session| { "kind" => "end_session", "keys" => [ key(session) ] } }, revocations
  end

  test "declarations are checked when made" do
    assert_raises(ArgumentError) { AccountUser.sync_reauthorize }
    assert_raises(ArgumentError) { AccountUser.sync_reauthorize :user, when: :always }
    assert_raises(ArgumentError) { AccountUser.sync_reauthorize "user" }
  end

  test "a pub/sub that cannot be reached never fails the write: a logout still logs out" do
    session = @member.sessions.create!
    down = ->(*) { raise IOError, "pub/sub down" }

    ActionCable.server.pubsub.stub(:broadcast, down) do
      assert AccountUser.create!(account: @account, user: @member)
      assert session.destroy
    end
    assert_not Session.exists?(session.id)
  end
end
