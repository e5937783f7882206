class User < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  has_secure_password
  has_many :sessions, dependent: :destroy
  has_many :account_users, dependent: :destroy
  has_many :accounts, through: :account_users

  normalizes :email_address, with: ->(e) { e.strip.downcase }

  # A user may follow only their own memberships (`User:<id>/account_users`),
  # which is how the accounts list of /accounts learns about new memberships.
  sync_authorize { |user, record| user == record }
  # Promoted or demoted: Account:all (the admin page) follows the change on open tabs.
  sync_reauthorize :itself, if: :saved_change_to_site_admin?
end
