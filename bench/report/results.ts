/** What a run measured, the targets of DESIGN.md section 5, and what counts as broken. */
import type { BrowserResult } from '../scenarios/browser.ts'
import type { BurstResult } from '../scenarios/burst.ts'
import type { BytesResult } from '../scenarios/bytes.ts'
import type { FanoutResult } from '../scenarios/fanout.ts'
import type { OverheadResult } from '../scenarios/overhead.ts'
import type { SoakResult } from '../scenarios/soak.ts'
import type { RaceResult } from '../scenarios/subscribe-race.ts'
import type { AudienceResult } from '../scenarios/audience.ts'

export interface Results {
  profile: 'full' | 'quick'
  startedAt: string
  seconds?: number
  fanout: FanoutResult[]
  race: RaceResult[]
  burst?: BurstResult
  browser?: BrowserResult
  overhead?: OverheadResult
  bytes?: BytesResult
  soak?: SoakResult
  audience: AudienceResult[]
  /** The fan-out to many idle, subscribed clients on one process (with its RSS). */
  idle?: FanoutResult
  /** `uptime` when the run started and ended: the machine is shared, this says how much. */
  load?: { start: string; end?: string }
}

export const DEBOUNCE_MS = 300

export const TARGETS = {
  fanoutAsyncP99: 50,
  fanoutRedisP99: 100,
  burstReloadsPerTab: 3,
  /** One edit in one tab → another tab's DOM, real Chromium. */
  browserP50: 120,
  browserP90: 200,
  /** A burst's last state shows within the debounce + 150 ms of the last commit. */
  burstConvergedMax: DEBOUNCE_MS + 150,
  /** 1,000 viewers of one record: the last tab fresh within 2 s; a bystander's request p99. */
  audienceAllFreshMax: 2000,
  audienceBystanderP99: 250,
  audienceGoalViewers: 1000,
  overheadRatio: 1.15,
  frameBytes: 160,
  /** "Bounded memory": RSS at the end within 25 % of RSS once every client had subscribed. */
  soakMemoryGrowth: 0.25,
  /** The soak must actually run at (nearly) the rate the design names. */
  soakRateShare: 0.9,
}

export type Verdict = 'pass' | 'miss' | 'n/a'

export const verdict = (ok: boolean | undefined): Verdict =>
  ok === undefined ? 'n/a' : ok ? 'pass' : 'miss'

export const isRedis = (f: FanoutResult) => f.processes > 1

export function soakGrowth(soak: SoakResult): number {
  return (soak.rssEndMiB - soak.rssLoadedMiB) / soak.rssLoadedMiB
}

/** Errors and lost markers: what makes `--quick` (and bin/test) fail. Never performance. */
export function problems(results: Results, complete = true): string[] {
  const out: string[] = []
  const missing = (what: string) => complete && out.push(`${what}: no result`)
  if (results.fanout.length === 0) missing('fan-out')
  for (const f of results.fanout) {
    if (f.lost) out.push(`fan-out ${f.label} ${f.clients}: ${f.lost} markers lost`)
    if (f.errors.length)
      out.push(`fan-out ${f.label} ${f.clients}: ${f.errors.slice(0, 3).join('; ')}`)
    if (f.commits === 0) out.push(`fan-out ${f.label} ${f.clients}: no commit measured`)
  }
  if (results.race.length === 0) missing('subscribe race')
  for (const r of results.race) {
    if (r.lost) out.push(`subscribe then commit, ${r.label}: ${r.lost} of ${r.tries} markers lost`)
    if (r.errors.length)
      out.push(`subscribe then commit, ${r.label}: ${r.errors.slice(0, 3).join('; ')}`)
  }
  if (!results.bytes) missing('bytes')
  if (results.audience.length === 0) missing('audience')
  for (const a of results.audience) {
    for (const [name, run] of [
      ['sync', a.sync],
      ['polling', a.polling],
    ] as const) {
      // A full run on a saturated machine may leave tabs stale past the round's deadline: the row
      // reports that (a miss); a quick run's handful of tabs must always turn fresh.
      if (run.stale && results.profile === 'quick')
        out.push(`audience ${a.viewers} ${name}: ${run.stale} tabs never showed the commit`)
      if (run.errors.length)
        out.push(`audience ${a.viewers} ${name}: ${run.errors.slice(0, 3).join('; ')}`)
    }
  }
  if (!results.idle) missing('idle clients')
  else if (results.idle.lost || results.idle.errors.length) {
    out.push(
      `idle clients: ${results.idle.lost} lost, ${results.idle.errors.slice(0, 3).join('; ')}`,
    )
  }
  const burst = results.burst
  if (!burst) missing('burst')
  for (const s of burst?.strategies ?? []) {
    if (s.errors.length) out.push(`burst ${s.name}: ${s.errors.slice(0, 3).join('; ')}`)
  }
  const sync = burst?.strategies[0]
  if (sync && sync.stale) out.push(`burst: ${sync.stale} sync tabs never showed the last commit`)
  const browser = results.browser
  if (!browser) missing('browser')
  else {
    if (browser.lost) out.push(`browser: ${browser.lost} edits never shown`)
    if (browser.errors.length) out.push(`browser: ${browser.errors.slice(0, 3).join('; ')}`)
    if (browser.edits === 0) out.push('browser: no edit measured')
  }
  if (!results.overhead) missing('overhead')
  else if (!Number.isFinite(results.overhead.ratio)) out.push('overhead: no ratio')
  const soak = results.soak
  if (!soak) missing('soak')
  else {
    if (soak.mismatched) out.push(`soak: ${soak.mismatched} clients behind the server's version`)
    if (soak.errors.length)
      out.push(`soak: ${soak.errors.length} errors: ${soak.errors.slice(0, 3).join('; ')}`)
    if (soak.commits === 0) out.push('soak: no commit')
  }
  return out
}
