# A long list for the pages that show Inertia's list features (infinite scroll, "load more",
# deep merge) next to live sync. A change marks "Account:<id>/tasks".
class Task < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  broadcasts_on_change_of :account

  belongs_to :account

  # Members of the task's account may follow it ("Task:<id>").
  sync_authorize { |user, task| user.accounts.exists?(task.account_id) }

  validates :title, presence: true, length: { maximum: 100 }
end
