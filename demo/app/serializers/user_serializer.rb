# Plain hashes for Inertia props; ids are always obfuscated.
module UserSerializer
  def self.summary(user)
    { id: user.obfuscated_id, email_address: user.email_address, site_admin: user.site_admin }
  end
end
