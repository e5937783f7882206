class AccountUser < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  belongs_to :account
  belongs_to :user

  broadcasts_on_change_of :account
  sync_reauthorize :user
end
