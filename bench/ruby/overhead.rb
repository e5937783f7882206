# Server overhead of the Broadcastable concern: `update!` on the same row through a model without
# it (PlainAccount, same table and validations) and through Account (with it), in interleaved
# batches after a warm-up. Run with `bin/rails runner` (production) against a bench database.
# Prints one line: BENCH_JSON {...}.
class PlainAccount < ApplicationRecord
  self.table_name = "accounts"
  validates :name, presence: true, length: { maximum: 100 }
end

total = Integer(ENV.fetch("BENCH_UPDATES", "1000"))
batch = Integer(ENV.fetch("BENCH_BATCH", "100"))
record = Account.create!(name: "Overhead")
models = { plain: PlainAccount.find(record.id), synced: Account.find(record.id) }

clock = -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) }
counter = 0
run = lambda do |kind, count|
  subject = models.fetch(kind)
  started = clock.call
  count.times { subject.update!(name: "#{kind} #{counter += 1}") }
  clock.call - started
end

2.times { models.each_key { |kind| run.call(kind, batch) } } # warm-up

seconds = { plain: 0.0, synced: 0.0 }
batches = { plain: [], synced: [] }
(total / batch).times do |i|
  order = i.even? ? %i[plain synced] : %i[synced plain]
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
  batches: batches,
  adapter: ActionCable.server.config.cable[:adapter],
  version_store: InertiaSync.respond_to?(:version_store) ? InertiaSync.version_store.class.name : nil
}.to_json
