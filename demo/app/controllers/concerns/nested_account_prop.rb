# The account as one prop of nested parts that partial reloads name by path, each synced on its own
# identifier: a rename reloads `account.name` (Account:<id>), a member change `account.members`
# (Account:<id>/account_users); neither reload runs the other part.
module NestedAccountProp
  private
    def nested_account_prop(account)
      {
        id: account.obfuscated_id,
        name: -> { account.name },
        members: -> { AccountSerializer.with_members(account)[:account_users] }
      }
    end
end
