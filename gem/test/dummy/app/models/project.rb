# Exercises the hooks and the renamed collection: "Account:<id>/portfolio".
class Project < ApplicationRecord
  include ObfuscatesId
  include Broadcastable

  belongs_to :account, touch: false

  broadcasts_to :all
  broadcasts_on_change_of :account, as: :portfolio

  sync_authorize { |user, project| !project.archived && project.account.users.include?(user) }
  sync_authorize_all { |user| user.email_address.end_with?("@staff.test") }
end
