class Account < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  # Broadcast to the :all collection for admin monitoring
  broadcasts_to :all

  has_many :account_users, dependent: :destroy
  has_many :users, through: :account_users
  has_many :tasks, dependent: :destroy

  validates :name, presence: true, length: { maximum: 100 }
end
