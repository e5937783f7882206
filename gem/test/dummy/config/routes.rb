Rails.application.routes.draw do
  get "accounts" => "accounts#index"
  post "accounts/:id/rename" => "accounts#rename", as: :rename_account
  get "plain" => "accounts#plain"
  get "shared_props/:id" => "shared_props#show"

  resource :session, only: :destroy
  # Changes to who may see what, made inside the server (the real-WebSocket tests drive them).
  post "users/:id/reset_password" => "access_changes#reset_password"
  post "users/:id/demote" => "access_changes#demote"
  post "users/:id/destroy" => "access_changes#destroy_user"
  post "users/:id/expire_sessions" => "access_changes#expire_sessions"
  post "users/:id/sign_out" => "access_changes#sign_out"
  post "accounts/:account_id/members/:user_id/remove" => "access_changes#remove_member"
  post "accounts/:account_id/members/:user_id/remove_silently" => "access_changes#remove_member_silently"
end
