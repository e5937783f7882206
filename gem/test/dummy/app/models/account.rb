class Account < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  has_many :account_users, dependent: :destroy
  has_many :users, through: :account_users
  has_many :projects, dependent: :destroy

  broadcasts_to :all
end
