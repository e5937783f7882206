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

# A long list on Acme for the Inertia feature pages (infinite scroll, load more, deep merge).
acme = Account.find_by!(name: "Acme")
(1..45).each do |position|
  acme.tasks.find_or_create_by!(position: position) { |task| task.title = format("Task %02d", position) }
end
