Rails.application.routes.draw do
  get "accounts" => "accounts#index"
  post "accounts/:id/rename" => "accounts#rename", as: :rename_account
  get "plain" => "accounts#plain"
end
