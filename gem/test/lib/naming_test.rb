require "test_helper"

class NamingTestSpecialAccount < Account; end

# One rule names records everywhere: identifiers, obfuscated ids, collection identifiers, revocations.
class NamingTest < ActiveSupport::TestCase
  test "a subclass goes by its base class's name, with the same ids, everywhere" do
    account = create_account

    assert_equal "Account", InertiaSync::Naming.model_name(NamingTestSpecialAccount)
    assert_equal "Account", NamingTestSpecialAccount.sync_name
    assert_equal Account.obfuscate_id(account.id), NamingTestSpecialAccount.obfuscate_id(account.id)
    assert_equal "Account##{account.id}", InertiaSync::Revocation.key_for(NamingTestSpecialAccount, account.id)
    assert_equal id_of(account), InertiaSync::Identifier.build(NamingTestSpecialAccount.sync_name, InertiaSync::Naming.obfuscated_id(NamingTestSpecialAccount, account))
  end

  test "an id is computed from the key when the model can, read from the record otherwise" do
    account = create_account
    own_scheme = Class.new do
      def self.primary_key = "id"
      def self.name = "Custom"
    end
    record = Struct.new(:obfuscated_id) { def [](_) = 7 }.new("custom-7")

    assert_equal account.obfuscated_id, InertiaSync::Naming.obfuscated_id_for_key(Account, account.id)
    assert_nil InertiaSync::Naming.obfuscated_id_for_key(Account, nil)
    assert_equal "custom-7", InertiaSync::Naming.obfuscated_id(own_scheme, record)
    assert_raises(InertiaSync::Error) { InertiaSync::Naming.obfuscated_id(own_scheme, { "id" => 7 }) }
  end
end
