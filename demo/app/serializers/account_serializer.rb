# Plain hashes for Inertia props; ids are always obfuscated.
module AccountSerializer
  def self.summary(account)
    { id: account.obfuscated_id, name: account.name, members_count: account.account_users.size }
  end

  # Every viewer's reload renders this when an account changes: one query for the members with their
  # users (a join; counted from the loaded list rather than by a COUNT of its own).
  def self.with_members(account)
    members = account.account_users.eager_load(:user).order(:created_at).to_a
    {
      id: account.obfuscated_id,
      name: account.name,
      members_count: members.size,
      account_users: members.map do |member|
        { id: member.obfuscated_id, user: { id: member.user.obfuscated_id, email_address: member.user.email_address } }
      end
    }
  end
end
