# Changes to who may see what, as an app makes them.
class AccessChangesController < ApplicationController
  # As the generated PasswordsController#update does.
  def reset_password
    user = User.find(params[:id])
    user.update!(password: "another-secret-password")
    user.sessions.destroy_all
    head :no_content
  end

  def demote
    User.find(params[:id]).update!(site_admin: false)
    head :no_content
  end

  def destroy_user
    User.find(params[:id]).destroy!
    head :no_content
  end

  # A sweep of old sessions that skips callbacks.
  def expire_sessions
    Session.where(user_id: params[:id]).delete_all
    head :no_content
  end

  # A logout of an app that does not use the generated authentication.
  def sign_out
    InertiaSync.sign_out(User.find(params[:id]))
    head :no_content
  end

  def remove_member
    AccountUser.find_by!(account_id: params[:account_id], user_id: params[:user_id]).destroy!
    head :no_content
  end

  # A removal that skips callbacks: only the periodic check notices it.
  def remove_member_silently
    AccountUser.where(account_id: params[:account_id], user_id: params[:user_id]).delete_all
    head :no_content
  end
end
