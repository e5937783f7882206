Rails.application.routes.draw do
  resource :session, only: %i[new create destroy]

  resources :accounts, only: %i[index show create update destroy] do
    resources :members, only: %i[create destroy], controller: "account_members"
    # Inertia's list features beside live sync (infinite scroll, load more, deep merge, a form).
    resources :tasks, only: %i[index create edit update destroy] do
      collection do
        get :more
        get :board
      end
    end
    resource :overview, only: :show, controller: "account_overviews"
    resource :team, only: :show, controller: "account_teams"
  end

  namespace :admin do
    resources :accounts, only: :index
  end

  root "accounts#index"

  # Reveal health status on /up that returns 200 if the app boots with no exceptions, otherwise 500.
  get "up" => "rails/health#show", as: :rails_health_check
end
