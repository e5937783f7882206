# An account's team: one prop of nested parts that partial reloads name by path
# (`only: ["account.members"]`), each part synced on its own identifier.
class AccountTeamsController < FeaturesController
  def show
    account = @account
    render inertia: "accounts/team", props: {
      account: {
        id: account.obfuscated_id,
        name: -> { account.name },
        members: -> { AccountSerializer.with_members(account)[:account_users] }
      }
    }
  end
end
