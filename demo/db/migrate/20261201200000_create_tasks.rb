class CreateTasks < ActiveRecord::Migration[8.1]
  def change
    create_table :tasks do |t|
      t.references :account, null: false, foreign_key: true
      t.string :title, null: false
      t.integer :position, null: false
      t.boolean :done, null: false, default: false
      t.timestamps
    end
    add_index :tasks, [ :account_id, :position ]
  end
end
