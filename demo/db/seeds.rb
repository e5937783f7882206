# Seeds for the demo; the README lists them. Every password is "password".
# Idempotent: running it twice changes nothing.
users = {
  admin: User.find_or_create_by!(email_address: "admin@example.com") { |u| u.password = "password"; u.site_admin = true },
  alice: User.find_or_create_by!(email_address: "alice@example.com") { |u| u.password = "password" },
  bob: User.find_or_create_by!(email_address: "bob@example.com") { |u| u.password = "password" }
}

{ "Acme" => %i[alice], "Globex" => %i[alice], "Initech" => %i[bob] }.each do |name, members|
  account = Account.find_or_create_by!(name: name)
  members.each { |member| account.account_users.find_or_create_by!(user: users[member]) }
end
