# Renders an account through InertiaSync.shared_prop, for the shared prop tests. The viewer is named
# by ?user= (current_user), and every run of the prop's block is counted in +renders+.
class SharedPropsController < ApplicationController
  cattr_accessor :renders, default: []

  def show
    account = Account.find_by_obfuscated_id(params[:id])
    scope = params[:scope] == "everyone" ? { scope: :everyone } : {}
    render inertia: "accounts/show", props: {
      account: InertiaSync.shared_prop(account, [ account, :account_users ], **scope) do
        renders << current_user&.email_address
        { name: account.name, members: account.account_users.count, viewer: current_user&.email_address }
      end,
      other: -> { "other" }
    }
  end

  private
    def current_user
      User.find_by(id: params[:user])
    end
end
