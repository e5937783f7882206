# Server overhead of the Broadcastable concern: `update!` on the same row through a model without
# it (PlainAccount: the demo's Account without Broadcastable, same table, validations and associations)
# and through Account (with it), in interleaved batches after a warm-up. Run with `bin/rails runner`
# (production) against a bench database.
# A third kind, `synced_memory`, is Account with the in-process Memory version store swapped in for
# the batch: the difference to `synced` is what the configured version store costs. A fourth,
# `synced_suppressed`, runs inside InertiaSync.suppressing: the concern's callbacks, no marker.
# Prints one line: BENCH_JSON {...}.
#
# PlainAccount declares every association Account does: each has_many adds autosave callbacks that
# run on every update, and they are Active Record's cost, not the concern's.
class PlainAccount < ApplicationRecord
  self.table_name = "accounts"
  include ObfuscatesId
  has_many :account_users, foreign_key: :account_id, dependent: :destroy
  has_many :users, through: :account_users
  has_many :tasks, foreign_key: :account_id, dependent: :destroy
  validates :name, presence: true, length: { maximum: 100 }
end

total = Integer(ENV.fetch("BENCH_UPDATES", "1000"))
batch = Integer(ENV.fetch("BENCH_BATCH", "100"))
record = Account.create!(name: "Overhead")
models = { plain: PlainAccount.find(record.id), synced: Account.find(record.id), synced_memory: Account.find(record.id),
           synced_suppressed: Account.find(record.id) }
configured_store = InertiaSync.version_store
memory_store = InertiaSync::VersionStore::Memory.new

clock = -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) }
counter = 0
run = lambda do |kind, count|
  subject = models.fetch(kind)
  InertiaSync.version_store = kind == :synced_memory ? memory_store : configured_store
  started = clock.call
  updates = -> { count.times { subject.update!(name: "#{kind} #{counter += 1}") } }
  kind == :synced_suppressed ? InertiaSync.suppressing(&updates) : updates.call
  clock.call - started
ensure
  InertiaSync.version_store = configured_store
end

2.times { models.each_key { |kind| run.call(kind, batch) } } # warm-up

seconds = models.keys.index_with { 0.0 }
batches = models.keys.index_with { [] }
(total / batch).times do |i|
  order = models.keys.rotate(i % models.size)
  order.each do |kind|
    GC.start
    elapsed = run.call(kind, batch)
    seconds[kind] += elapsed
    batches[kind] << (elapsed * 1000).round(2)
  end
end

updates = (total / batch) * batch
puts "BENCH_JSON " + {
  updates: updates,
  plain_ms: (seconds[:plain] * 1000).round(1),
  synced_ms: (seconds[:synced] * 1000).round(1),
  ratio: (seconds[:synced] / seconds[:plain]).round(3),
  synced_memory_ms: (seconds[:synced_memory] * 1000).round(1),
  memory_ratio: (seconds[:synced_memory] / seconds[:plain]).round(3),
  synced_suppressed_ms: (seconds[:synced_suppressed] * 1000).round(1),
  cache_store: Rails.cache.class.name,
  batches: batches,
  adapter: ActionCable.server.config.cable[:adapter],
  version_store: configured_store.class.name
}.to_json
