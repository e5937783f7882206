# The signed-in user's accounts. `index` is the "complex page": the
# accounts in an aside and the selected one (`?account=<id>`) with its members.
class AccountsController < InertiaController
  before_action :set_account, only: %i[update destroy]

  def index
    render inertia: "accounts/index", props: {
      accounts: -> { accounts.includes(:account_users).order(:name).map { |account| AccountSerializer.summary(account) } },
      selected_account: -> { (selected = selected_account) && AccountSerializer.with_members(selected) }
    }
  end

  # A single account (single-object sync). A deleted account renders as such,
  # so a tab that was showing it lands somewhere sensible.
  #
  # Every member sees the same account and member list, so the rendering is shared by all of them
  # (`scope: :everyone`; find_account still checks membership on every request): when a crowd
  # reloads after a change, each server process renders it once per version.
  def show
    account = find_account(params[:id])
    render inertia: "accounts/show", props: {
      account: account && InertiaSync.shared_prop(account, [ account, :account_users ], scope: :everyone) { AccountSerializer.with_members(account) }
    }
  end

  def create
    account = Account.new(account_params)
    Account.transaction do
      account.save!
      account.account_users.create!(user: Current.user)
    end
    redirect_to accounts_path(account: account.obfuscated_id), notice: "Account created."
  rescue ActiveRecord::RecordInvalid
    redirect_to accounts_path, inertia: { errors: first_errors(account) }
  end

  def update
    if @account.update(account_params)
      redirect_to accounts_path(account: @account.obfuscated_id), notice: "Account saved."
    else
      redirect_to accounts_path(account: @account.obfuscated_id), inertia: { errors: first_errors(@account) }
    end
  end

  def destroy
    @account.destroy!
    redirect_to accounts_path, notice: "#{@account.name} deleted."
  end

  private
    # The signed-in user's accounts, by the session's user id: a reload needs no User row.
    def accounts
      Account.where(id: AccountUser.where(user_id: Current.session.user_id).select(:account_id))
    end

    # ?account=<id>, or without it the user's oldest account: a choice a rename cannot change under
    # their feet. Looked up only when the prop is rendered (not for a partial reload of `accounts`).
    def selected_account
      params[:account].present? ? find_account(params[:account]) : accounts.order(:id).first
    end

    # The account, if the signed-in user is a member. Two lookups by key (the membership, then the
    # account) that Active Record prepares once and reuses: every reload of a crowd runs this, and it
    # costs well under half of one query built around the subquery of +accounts+.
    def find_account(obfuscated_id)
      id = Account.deobfuscate_id(obfuscated_id.to_s) or return
      Account.find_by(id: id) if AccountUser.find_by(account_id: id, user_id: Current.session.user_id)
    end

    def set_account
      @account = find_account(params[:id]) or redirect_to(accounts_path, alert: "That account no longer exists.")
    end

    # One message per field, as the forms show them.
    def first_errors(record)
      record.errors.to_hash(true).transform_values(&:first)
    end

    def account_params
      params.expect(account: [ :name ])
    end
end
