ActiveRecord::Schema.define(version: 1) do
  create_table :users, force: true do |t|
    t.string :email_address, null: false
    t.string :password_digest, null: false
    t.boolean :site_admin, null: false, default: false
    t.timestamps
  end

  create_table :sessions, force: true do |t|
    t.references :user, null: false
    t.string :ip_address
    t.string :user_agent
    t.timestamps
  end

  create_table :accounts, force: true do |t|
    t.string :name, null: false
    t.timestamps
  end

  create_table :account_users, force: true do |t|
    t.references :account, null: false
    t.references :user, null: false
    t.timestamps
  end

  create_table :projects, force: true do |t|
    t.references :account, null: false
    t.string :title
    t.boolean :archived, null: false, default: false
    t.timestamps
  end

  # Solid Cable's table (its install template), for the tests that run the cable on it.
  create_table :solid_cable_messages, force: true do |t|
    t.binary :channel, limit: 1024, null: false
    t.binary :payload, limit: 536870912, null: false
    t.datetime :created_at, null: false
    t.integer :channel_hash, limit: 8, null: false
    t.index :channel_hash
    t.index :created_at
  end
end
