/** The audience benchmark's part of docs/performance.md: what it does, the levers, why it misses. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ms } from '../lib/stats.ts'
import type { AudienceResult, StrategyRun } from '../scenarios/audience.ts'
import { TARGETS, type Results } from './results.ts'

/** bench/levers.json, written by `bin/bench --levers`. */
export interface LeversFile {
  measuredAt: string
  load: { start: string; end?: string }
  variants: Array<{ name: string; change: string; result: AudienceResult }>
}

const cpu = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 1 ? 2 : 1)} ms` : 'n/a')

function row(name: string, run: StrategyRun, perSecond: boolean): string {
  const unit = perSecond ? '/s' : '/commit'
  return `| ${name} | ${ms(run.fresh.p50)} | ${ms(run.fresh.p99)} | ${ms(run.fresh.max)} | ${Math.round(run.requests)}${unit} | ${cpu(run.cpuMsPerViewer)}${unit} | ${cpu(run.clientCpuMsPerViewer)}${unit} | ${ms(run.bystander.p50)} / ${ms(run.bystander.p99)} | ${run.stale} |`
}

const HEADER = [
  "| Strategy | fresh p50 | fresh p99 | all fresh (max) | requests | Puma CPU per viewer | the tabs' CPU per viewer (Node) | bystander p50 / p99 | stale |",
  '|---|---|---|---|---|---|---|---|---|',
]

export function audienceDetails(r: Results): string[] {
  if (!r.audience.length) return []
  const first = r.audience[0]!
  const out = [
    '',
    `**Audience.** One user's N tabs on \`/accounts/<Acme>\`, served the way the demo runs in production: ${first.label} (Puma's cluster mode, so both cores serve reloads; markers cross the workers through Redis). Each tab is the real \`SyncRegistry\` from \`client/src\` over its own WebSocket, its reloads real partial-reload GETs of \`account\`; the tabs open with one shared page fetch. One rename at a time (${first.commits} per N, 1.5 s apart so each is "one edit"); t0 just before the PATCH, "fresh" when a tab's reload response shows the new name. Meanwhile bob, another user, loads his \`/accounts\` page again and again (one request at a time, 20 ms apart): his latency is what the crowd costs everyone else ("quiet" is the same with no crowd). Puma CPU is the master and workers together, per viewer and commit. Beside it the same N tabs polling \`account\` every 1 s (phases spread evenly), one rename in the middle: requests and CPU there are per second, for as long as the page is open.`,
  ]
  for (const a of r.audience) {
    out.push(
      '',
      `${a.viewers.toLocaleString('en')} viewers (markers carried \`spread\` ${a.spreadMs ? `${a.spreadMs} ms` : 'none'}; bob quiet: p50 ${ms(a.quietBystander.p50)}, p99 ${ms(a.quietBystander.p99)}):`,
      '',
      ...HEADER,
      row('inertia-sync', a.sync, false),
      row('polling 1 s', a.polling, true),
    )
  }
  out.push(
    '',
    "Conditional responses (answer 304 when a tab already has the version) were weighed and not built: in a crowd every tab lacks the new version, so each reload must render it; they would only save duplicate reloads, and the requests column shows one reload per tab per commit already. What would cut the crowd's cost further is sharing the rendered prop between viewers of the same version (every member sees the same account JSON), at the price of a cache keyed by the identifier's version.",
  )
  return out
}

export function leversSection(benchDir: string): string[] {
  const path = join(benchDir, 'levers.json')
  if (!existsSync(path)) return []
  const file = JSON.parse(readFileSync(path, 'utf8')) as LeversFile
  const viewers = file.variants[0]?.result.viewers ?? 0
  const out = [
    '',
    `**Levers.** \`bin/bench --levers\` (${file.measuredAt.slice(0, 16).replace('T', ' ')} UTC, ${file.load.start} at its start, ${file.load.end ?? 'n/a'} at its end; a separate run, so compare these rows with each other, not with the table above): the ${viewers.toLocaleString('en')}-viewer audience with one lever off at a time.`,
    '',
    '| Variant | change | fresh p50 | fresh p99 | all fresh (max) | requests/commit | Puma CPU per viewer | bystander p50 / p99 | stale |',
    '|---|---|---|---|---|---|---|---|---|',
  ]
  for (const v of file.variants) {
    const s = v.result.sync
    out.push(
      `| ${v.name} | ${v.change} | ${ms(s.fresh.p50)} | ${ms(s.fresh.p99)} | ${ms(s.fresh.max)} | ${Math.round(s.requests)} | ${cpu(s.cpuMsPerViewer)} | ${ms(s.bystander.p50)} / ${ms(s.bystander.p99)} | ${s.stale} |`,
    )
  }
  return out
}

export function audienceMisses(r: Results): string[] {
  const a = r.audience.find((x) => x.viewers === TARGETS.audienceGoalViewers)
  if (!a) return []
  const s = a.sync
  const fresh = s.fresh.max <= TARGETS.audienceAllFreshMax
  const calm = s.bystander.p99 <= TARGETS.audienceBystanderP99
  if (fresh && calm && !s.stale) return []
  const cpuTotal = s.cpuMsPerViewer * a.viewers
  return [
    `- **Audience, ${a.viewers.toLocaleString('en')} viewers.** ${fresh ? 'Every tab was fresh in time' : `The last tab was fresh after ${ms(s.fresh.max)} (p50 ${ms(s.fresh.p50)})`}; bob's p99 was ${ms(s.bystander.p99)} (${ms(a.quietBystander.p99)} with no crowd). The crowd is ${Math.round(s.requests)} reloads per commit at ${cpu(s.cpuMsPerViewer)} of Puma CPU each: ${(cpuTotal / 1000).toFixed(1)} s of CPU per commit, which two cores cannot do in under ${(cpuTotal / 2 / 1000).toFixed(1)} s even with nothing else running, and the ${a.viewers.toLocaleString('en')} Node tabs making the requests (WebSockets, fetch, JSON) share the same two cores. ${a.spreadMs ? `The markers carried a ${a.spreadMs} ms spread (per worker: each process counts its own sockets), so the reloads arrive over that window instead of at once; ` : 'The markers carried no spread, so every reload arrived at once; '}what decides the all-fresh time is the total CPU, so the remaining levers are the cost of one reload (profiled in-process with stackprof over 500 reloads: about half is Rails' middleware and controller stack, session cookie, authentication; the rest the account query, its members and the JSON; the demo now loads members with their users in one query and counts them from that list, and scopes accounts by the session's user id without loading the User row, which cut the in-process CPU per reload by about a fifth, A/B under the same load) and more cores. On a machine that is not shared with a load generator and seven other sessions the same code has two free cores.`,
  ]
}
