class AccountUser < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  # Broadcast changes to the parent account's member list, and to the user's
  # list of memberships (so their accounts list follows them).
  broadcasts_on_change_of :account, :user
  # A member added or removed: re-check what that user's open tabs follow, so a removed member stops
  # receiving the account's markers at once.
  sync_reauthorize :user

  belongs_to :account
  belongs_to :user

  validates :user_id, uniqueness: { scope: :account_id, message: "is already a member" }
end
