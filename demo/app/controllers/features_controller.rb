# Base of the pages that put Inertia's own features next to live sync: the lists of tasks
# (infinite scroll, "load more", deep merge, a form) and the account overview (nested props,
# prefetch, once, deferred, optional and always props). Every page of it shares one `once` prop.
class FeaturesController < InertiaController
  # Sent once, then reused by the client on every later visit that has it (the server skips it).
  inertia_share account_count: InertiaRails.once { Current.user.accounts.count }

  before_action :set_account

  private
    def set_account
      @account = Current.user.accounts.find_by_obfuscated_id(params[:account_id].to_s) or
        redirect_to(accounts_path, alert: "That account no longer exists.")
    end
end
