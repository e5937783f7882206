# Every account, for site admins (collection sync). Subscribes to `Account:all`.
class Admin::AccountsController < InertiaController
  before_action :require_admin

  def index
    render inertia: "admin/accounts", props: {
      accounts: -> { Account.includes(:account_users).order(:name).map { |account| AccountSerializer.summary(account) } }
    }
  end

  private
    def require_admin
      redirect_to root_path, alert: "Site admins only." unless Current.user.site_admin
    end
end
