# Adding and removing members of one of the signed-in user's accounts.
class AccountMembersController < InertiaController
  before_action :set_account

  def create
    user = User.find_by(email_address: params.dig(:member, :email_address).to_s.strip.downcase)
    member = @account.account_users.new(user: user)
    if user && member.save
      redirect_to back_to_account, notice: "#{user.email_address} added."
    else
      redirect_to back_to_account, inertia: { errors: { email_address: user ? member.errors.full_messages.first : "No user with that email address." } }
    end
  end

  def destroy
    member = @account.account_users.find_by_obfuscated_id(params[:id].to_s)
    member&.destroy!
    redirect_to back_to_account, notice: member ? "#{member.user.email_address} removed." : "Already removed."
  end

  private
    def set_account
      @account = Current.user.accounts.find_by_obfuscated_id(params[:account_id].to_s) or
        redirect_to(accounts_path, alert: "That account no longer exists.")
    end

    def back_to_account
      accounts_path(account: @account.obfuscated_id)
    end
end
