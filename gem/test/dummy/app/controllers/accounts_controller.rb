class AccountsController < ApplicationController
  def index
    render inertia: "accounts/index", props: {
      accounts: -> { Account.order(:id).map { |account| { id: account.obfuscated_id, name: account.name } } },
      stats: InertiaRails.optional { { count: Account.count } }
    }
  end

  def rename
    account = Account.find_by_obfuscated_id(params[:id])
    account.update!(name: params[:name])
    redirect_to accounts_path
  end

  def plain
    render plain: "ok"
  end
end
