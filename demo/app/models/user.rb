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
end
