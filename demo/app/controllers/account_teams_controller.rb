# An account's team: one prop of nested parts that partial reloads name by path
# (`only: ["account.members"]`), each part synced on its own identifier.
class AccountTeamsController < FeaturesController
  include NestedAccountProp

  def show
    render inertia: "accounts/team", props: { account: nested_account_prop(@account) }
  end
end
