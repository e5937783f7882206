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
  out.push('', ...RELOAD_COST)
  return out
}

/** What one reload costs, where it goes, and what an app can do about it (measured in-process). */
const RELOAD_COST = [
  '',
  "**What one reload costs.** A crowd's cost is its number of reloads times the cost of one, so that cost is the lever an app holds. `bench/ruby/reload_profile.rb` runs the tabs' request (`GET /accounts/<Acme>` with `X-Inertia-Partial-Data: account`, alice's cookies) through `Rails.application.call` in a production `bin/rails runner`, with no socket and no Puma, and reads the CPU time; with a second argument it writes a stackprof profile. On this machine one reload took 4–5.5 ms of CPU (load average 3–11 while it ran; the audience rows above measure 6–8 ms per viewer in Puma, which adds the HTTP parsing, the sockets, the Redis round trip for the page cursor and two processes sharing two cores with the tabs). Where it goes, from the profile: Rails' middleware outside the controller about a fifth; the before-actions (the signed session cookie and the `Session` lookup, the page cursor, the browser check) about a sixth; finding the account among the user's (authorization) an eighth; rendering the prop (the members with their users, the serializer) about a quarter; Inertia's renderer and the JSON the rest, with the session and XSRF cookies a few percent. Nothing in it is one big hotspot: it is the cost of a Rails request.",
  '',
  'What the demo does about it, and what any app can do the same way:',
  '',
  "- **Share the rendered prop between viewers.** `InertiaSync.shared_prop(account, [account, :account_users], scope: :everyone) { … }` renders the prop once per version of those identifiers (per server process, in InertiaRails' cache store) and replays the JSON to every reload of the same version; the action still authorizes each request (`find_account` runs every time). The default scope is the signed-in user, so nobody is ever served another user's rendering unless the app says the view is the same for all. A rendering is stored only when every version was handed out before the request read its page cursor, so a change committed in the middle of a request is never filed under an older version.",
  '- **Let Inertia rewrite the XSRF cookie only when needed** (`config.xsrf_cookie_refresh = :lazy` in inertia_rails): otherwise every reload writes the XSRF-TOKEN cookie again.',
  '- **Keep the prop lazy** (a lambda, or `InertiaRails.optional`) so a partial reload runs only the props it asks for, and load what the prop shows in as few queries as it takes.',
  "- **Serve with every core**: Puma's cluster mode (`WEB_CONCURRENCY` = cores, with Redis for Action Cable), which the audience rows use.",
  '',
  'Together the shared prop and the lazy XSRF cookie took the in-process CPU of one reload to about 0.9× (median of three interleaved pairs of 1,500 reloads each, load average 8): in this demo the shared part (one account, one member) is small next to the request around it. A prop that costs more to render (a page of records, a chart) gains more. Conditional responses (304 when a tab already has the version) were weighed and not built: in a crowd every tab lacks the new version, so each reload must render it; they would only save duplicate reloads, and the requests column shows one reload per tab per commit already.',
]

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
    `- **Audience, ${a.viewers.toLocaleString('en')} viewers.** ${fresh ? 'Every tab was fresh in time' : `The last tab was fresh after ${ms(s.fresh.max)} (p50 ${ms(s.fresh.p50)})`}; bob's p99 was ${ms(s.bystander.p99)} (${ms(a.quietBystander.p99)} with no crowd). The crowd is ${Math.round(s.requests)} reloads per commit at ${cpu(s.cpuMsPerViewer)} of Puma CPU each: ${(cpuTotal / 1000).toFixed(1)} s of CPU per commit, which two cores cannot do in under ${(cpuTotal / 2 / 1000).toFixed(1)} s even with nothing else running, and the ${a.viewers.toLocaleString('en')} Node tabs making the requests (WebSockets, fetch, JSON) share the same two cores. ${a.spreadMs ? `The markers carried a ${a.spreadMs} ms spread (per worker: each process counts its own sockets), so the reloads arrive over that window instead of at once; ` : 'The markers carried no spread, so every reload arrived at once; '}what decides the all-fresh time is the total CPU. The tabs themselves (Node: WebSockets, fetch, JSON) used ${cpu(s.clientCpuMsPerViewer)} of CPU per viewer and commit on the same two cores. So the levers left are the cost of one reload (see “What one reload costs” above: it is the cost of a Rails request, spread thin, and the shared prop takes out only the rendering) and more cores; a longer spread would calm the bystander and make the last tab later still. On a machine that is not shared with the load generator (and here, with other sessions) the same code has two free cores.`,
  ]
}
