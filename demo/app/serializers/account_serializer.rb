# Plain hashes for Inertia props; ids are always obfuscated.
module AccountSerializer
  def self.summary(account)
    { id: account.obfuscated_id, name: account.name, members_count: account.account_users.size }
  end

  def self.with_members(account)
    summary(account).merge(
      account_users: account.account_users.includes(:user).order(:created_at).map do |member|
        { id: member.obfuscated_id, user: { id: member.user.obfuscated_id, email_address: member.user.email_address } }
      end
    )
  end
end
