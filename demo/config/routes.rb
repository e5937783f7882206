Rails.application.routes.draw do
  resource :session, only: %i[new create destroy]

  resources :accounts, only: %i[index show create update destroy] do
    resources :members, only: %i[create destroy], controller: "account_members"
  end

  namespace :admin do
    resources :accounts, only: :index
  end

  root "accounts#index"

  # Reveal health status on /up that returns 200 if the app boots with no exceptions, otherwise 500.
  get "up" => "rails/health#show", as: :rails_health_check
end
