/** Server overhead of the concern: runs bench/ruby/overhead.rb with `bin/rails runner`. */
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runRuby } from '../lib/servers.ts'

export interface OverheadResult {
  updates: number
  plainMs: number
  syncedMs: number
  ratio: number
  adapter: string
  versionStore: string | null
  cacheStore: string
  /** The same updates with the in-process Memory version store swapped in. */
  syncedMemoryMs: number
  memoryRatio: number
  /** The same updates inside `InertiaSync.suppressing`: callbacks run, no marker. */
  syncedSuppressedMs: number
}

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'ruby', 'overhead.rb')

export function overhead(
  database: string,
  updates: number,
  batch: number,
  env: Record<string, string> = {},
): OverheadResult {
  const out = JSON.parse(
    runRuby(database, script, {
      BENCH_UPDATES: String(updates),
      BENCH_BATCH: String(batch),
      ...env,
    }),
  ) as {
    updates: number
    plain_ms: number
    synced_ms: number
    ratio: number
    adapter: string
    version_store: string | null
    cache_store: string
    synced_memory_ms: number
    memory_ratio: number
    synced_suppressed_ms: number
  }
  return {
    updates: out.updates,
    plainMs: out.plain_ms,
    syncedMs: out.synced_ms,
    ratio: out.ratio,
    adapter: out.adapter,
    versionStore: out.version_store,
    cacheStore: out.cache_store,
    syncedMemoryMs: out.synced_memory_ms,
    memoryRatio: out.memory_ratio,
    syncedSuppressedMs: out.synced_suppressed_ms,
  }
}
