require "test_helper"

class ObfuscatesIdTest < ActiveSupport::TestCase
  setup { @account = create_account }

  test "round trip, at least six characters of the identifier alphabet" do
    assert_match(/\A[A-Za-z0-9]{6,}\z/, @account.obfuscated_id)
    assert_equal @account, Account.find_by_obfuscated_id(@account.obfuscated_id)
  end

  test "deterministic, per model" do
    assert_equal Account.obfuscate_id(42), Account.obfuscate_id(42)
    assert_not_equal Account.obfuscate_id(42), User.obfuscate_id(42)
    assert_not_equal InertiaSync::ObfuscatesId.alphabet_for("Account"), InertiaSync::ObfuscatesId.alphabet_for("User")
    assert_equal Sqids::DEFAULT_ALPHABET.chars.sort, InertiaSync::ObfuscatesId.alphabet_for("Account").chars.sort
  end

  test "consecutive ids look unrelated" do
    ids = (1..5).map { |i| Account.obfuscate_id(i) }
    assert_equal ids.uniq, ids
    assert_not_equal ids.sort, ids
  end

  test "garbage finds nothing and never raises" do
    [ nil, "", "abc", "all", "!!!!!!", "a" * 65, "PN vAYr", 12, [], {}, "ÄÖÜäöü", "\u0000" * 8, @account.obfuscated_id.swapcase, @account.id.to_s,
      User.obfuscate_id(@account.id), Account.obfuscate_id(2**61) ].each do |value|
      assert_nil Account.find_by_obfuscated_id(value), value.inspect
    end
  end

  test "an id decodes once, and what does not decode is not remembered" do
    decodes = 0
    sqids = Account.inertia_sync_sqids
    original = sqids.method(:decode)
    sqids.define_singleton_method(:decode) { |value| decodes += 1; original.call(value) }
    id = Account.obfuscate_id(@account.id + 1000)
    Account.inertia_sync_decoded_ids.clear

    3.times { assert_equal @account.id + 1000, Account.deobfuscate_id(id) }
    assert_equal 1, decodes

    3.times { assert_nil Account.deobfuscate_id(id.reverse) }
    assert_equal 4, decodes, "a string that is not an id is decoded every time"
    assert_equal [ id ], Account.inertia_sync_decoded_ids.keys
  ensure
    sqids.singleton_class.remove_method(:decode)
  end

  test "the remembered ids stay bounded" do
    Account.inertia_sync_decoded_ids.clear
    (1..InertiaSync::ObfuscatesId::ENCODED_CACHE_SIZE + 5).each { |i| Account.deobfuscate_id(Account.obfuscate_id(i)) }

    assert_operator Account.inertia_sync_decoded_ids.size, :<=, InertiaSync::ObfuscatesId::ENCODED_CACHE_SIZE
    assert_equal 7, Account.deobfuscate_id(Account.obfuscate_id(7))
  end

  test "non-canonical encodings are refused" do
    id = @account.obfuscated_id
    [ id + id[-1], id[0..-2], id.reverse ].each { |variant| assert_nil Account.find_by_obfuscated_id(variant), variant }
  end

  test "scoped through associations, as the spec's authorization uses it" do
    user = create_user
    AccountUser.create!(account: @account, user: user)
    other = create_account

    assert_equal @account, user.accounts.find_by_obfuscated_id(@account.obfuscated_id)
    assert_nil user.accounts.find_by_obfuscated_id(other.obfuscated_id)
  end

  test "top-level aliases point at the gem's concerns" do
    assert_same InertiaSync::Broadcastable, ::Broadcastable
    assert_same InertiaSync::ObfuscatesId, ::ObfuscatesId
  end
end
