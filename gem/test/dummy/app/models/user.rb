class User < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  has_secure_password
  has_many :sessions, dependent: :destroy
  has_many :account_users, dependent: :destroy
  has_many :accounts, through: :account_users

  sync_reauthorize :itself, if: :saved_change_to_site_admin?
end
