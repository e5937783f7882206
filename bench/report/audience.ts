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
    `**Audience.** One user's N tabs on \`/accounts/<Acme>\`, served the way the demo runs in production: ${first.label} (Puma's cluster mode, so both cores serve reloads; markers cross the workers through Redis). Each tab is the real \`SyncRegistry\` from \`client/src\` over its own WebSocket, its reloads real partial-reload GETs of \`account\` over the tab's own kept-alive HTTP connection, as a browser holds one (Node's \`fetch\` would instead open a new connection for most of a crowd's reloads); the tabs open with one shared page fetch. One rename at a time (${first.commits} per N, 1.5 s apart so each is "one edit"); t0 just before the PATCH, "fresh" when a tab's reload response shows the new name. Meanwhile bob, another user, loads his \`/accounts\` page again and again (one request at a time, 20 ms apart): his latency is what the crowd costs everyone else ("quiet" is the same with no crowd). Puma CPU is the master and workers together, per viewer and commit. Beside it the same N tabs polling \`account\` every 1 s (phases spread evenly), one rename in the middle: requests and CPU there are per second, for as long as the page is open.`,
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
  out.push('', ...RELOAD_COST, '', ...CROWD_COST)
  return out
}

/** What one reload costs, where it goes, and what an app can do about it (measured in-process). */
const RELOAD_COST = [
  '',
  "**What one reload costs.** A crowd's cost is its number of reloads times the cost of one, so that cost is the lever an app holds. `bench/ruby/reload_profile.rb` runs the tabs' request (`GET /accounts/<Acme>` with `X-Inertia-Partial-Data: account`, alice's cookies) through `Rails.application.call` in a production `bin/rails runner`, with no socket and no Puma, and reads the CPU time and the objects allocated; with a second argument it writes a stackprof profile. Allocations are exact, so they compare two versions of the code on a busy machine where CPU times swing by half from one run to the next. The audience rows above also count what is not in this request: HTTP parsing in Puma, the Redis round trips (the page cursor, the shared prop's versions), the marker's fan-out, and two processes sharing two cores with the tabs.",
  '',
  "Where one reload's CPU goes (stackprof, 3,000 reloads each, before and after the changes below, run one after the other; µs at the medians of the interleaved runs, 4,118 µs before and 3,730 µs after, load average 4–7; the rows overlap where noted, and the last tenth is the profile's own request building):",
  '',
  '| part | before | after |',
  '|---|---|---|',
  "| authorization: finding the account among the user's | 762 µs (18.5%) | 434 µs (11.6%) |",
  "| ↳ decoding the account's id (Sqids) | 52 µs | 4 µs |",
  '| authentication: the signed `session_id` cookie and the `Session` row | 616 µs (15%) | 614 µs (16.5%) |',
  '| the browser check (`allow_browser`) | 85 µs (2.1%) | none on Inertia requests |',
  '| other before-actions, the page cursor among them (37 µs) | 230 µs | 240 µs |',
  "| Inertia's renderer and the JSON | 669 µs (16%) | 722 µs (19%) |",
  '| the Rails session cookie: decrypted (inside the renderer), rewritten (inside the middleware), and the XSRF cookie checked against it | 517 µs (12.5%) | 446 µs (12%) |',
  '| the shared prop (its cache key, the versions, the cache read) | 163 µs (4%) | 174 µs (4.7%) |',
  '| executor hooks, the public-file check, the rest of the middleware | 845 µs | 887 µs |',
  '| garbage collection | 171 µs | 156 µs |',
  '',
  "Allocations per reload: 1,814 before, 1,395 after (0.77×) with versions in memory, 1,899 and 1,454 (0.77×) with the Redis store. CPU per reload, median of the ratios of interleaved runs (1,500 reloads each): 0.89× over six pairs with versions in memory, 0.79× over three pairs with the Redis store, one round trip fewer per reload. In Puma (`BENCH_VIEWERS=100 bin/bench --only=audience`, three runs of each tree alternating, load average 5) the crowd's CPU per viewer went from 5.72 to 5.57 ms (medians; pairwise 0.88–0.97×): the reload's own cost is only part of what a crowd costs the server.",
  '',
  'What the demo does about it, and what any app can do the same way:',
  '',
  "- **Share the rendered prop between viewers.** `InertiaSync.shared_prop(account, [account, :account_users], scope: :everyone) { … }` renders the prop once per version of those identifiers (per server process, in InertiaRails' cache store) and replays the JSON to every reload of the same version; the action still authorizes each request (`find_account` runs every time). The default scope is the signed-in user, so nobody is ever served another user's rendering unless the app says the view is the same for all. A rendering is stored only when every version was handed out before the request read its page cursor, so a change committed in the middle of a request is never filed under an older version. It reads the versions of all its dependencies in one call (one Redis round trip).",
  '- **Authorize with lookups Active Record prepares once.** `AccountUser.find_by(account_id: id, user_id: Current.session.user_id)` and then `Account.find_by(id: id)` are two queries by key whose SQL Active Record builds once and reuses; `user.accounts.find_by(...)` (or a relation with a subquery) builds its query anew on every request. Here that took authorization from 762 to 434 µs. The membership is still checked on every request.',
  '- **Read the signed session cookie once.** The authentication concern Rails generates reads `cookies.signed[:session_id]` twice, and each read verifies the signature again: `(id = cookies.signed[:session_id]) && Session.find_by(id: id)`.',
  "- **Check the browser when a page loads, not on every Inertia request**: `allow_browser versions: :modern, unless: -> { request.inertia? }`. An Inertia request comes from the app's own script, which runs only in a browser that passed the check; parsing the user agent again on each reload is wasted (more so for a real browser's user agent than for the bench's).",
  '- **Let Inertia rewrite the XSRF cookie only when needed** (`config.xsrf_cookie_refresh = :lazy` in inertia_rails): otherwise every reload writes the XSRF-TOKEN cookie again.',
  '- **Keep the prop lazy** (a lambda, or `InertiaRails.optional`) so a partial reload runs only the props it asks for, and load what the prop shows in as few queries as it takes.',
  '- **Log at `warn` where a crowd reloads**, or with one line a request: at `info` Rails writes three lines for every reload (3,000 lines per commit for a thousand tabs), which adds 160 allocations (12%) to each. The benchmarks run at `warn`.',
  "- **Serve with every core**: Puma's cluster mode (`WEB_CONCURRENCY` = cores, with Redis for Action Cable), which the audience rows use.",
  '',
  "The gem does its part for every app: `ObfuscatesId` remembers the ids it decoded (Sqids' decoding allocated about 240 objects on each request that named a record), and the version stores answer `versions_of(identifiers)` in one round trip.",
  '',
  "Looked at and left as they are: the Rails session cookie is decrypted on every Inertia render (inertia_rails reads its errors, clear-history and fragment keys, and the flash), and a session that was read is written back, re-encrypted, in a `Set-Cookie`. A partial reload cannot skip that in general: it may be the request that follows a redirect with errors or a flash, which must show them and clear them. The middleware stack is Rails' own and each piece does something a reload may need; the public-file check (about 100 µs) can go only where a web server in front serves `public/`, which is not the case here. Building the shared prop's cache key as a string instead of an array saved 6 µs and was not kept. This Ruby is built without YJIT, which Rails turns on by default where it is available. Conditional responses (304 when a tab already has the version) were weighed and not built: in a crowd every tab lacks the new version, so each reload must render it; they would only save duplicate reloads, and the requests column shows one reload per tab per commit already.",
]

/** Why a reload costs more in a big crowd than in a small one (measured inside the Puma workers). */
const CROWD_COST = [
  "**Why a reload costs more in a big crowd.** In the same minutes (load average 10–15: this machine was shared), the two workers spent 6.2 ms of CPU per reload with 100 viewers and 8.8–9.2 ms with 1,000. A bench-only middleware in the demo (`BENCH_REQUEST_COST_DIR=<dir>`: one line per request with the thread's own CPU time, the process's garbage collection during it, and whether it came on a new connection) and the workers' per-thread CPU from `/proc` split that up. Puma's own work around each request (parsing, writing the response) stays at 1.0–1.4 ms. What grows:",
  '',
  "- **Garbage collection, about 1 ms per reload.** Each Action Cable connection keeps its socket, connection, channel and subscription objects alive: a worker's live heap grows from 300,000 slots with 100 viewers to 590,000 with 1,000, and during the crowd's reloads the heap runs out of free slots and Ruby runs major collections (a few per commit per worker), each marking the whole doubled heap; a stackprof profile of a worker puts 10% of its samples in GC. Fewer objects per connection, or a heap sized for the connections from the start (Ruby's `RUBY_GC_HEAP_*` environment variables), is the lever here.",
  "- **New connections, in the benchmark only.** Node's `fetch` opens a connection for every request that finds none idle and closes it after 4 s: 79–90% of a 1,000-tab crowd's reloads opened a new TCP connection, and Puma's accept thread spent 0.3–0.45 ms per reload on them. A browser keeps its connection to the app open between requests (for minutes; Puma keeps an idle one for 65 s), so a viewer's reload reuses it. The benchmark's tabs now do the same (`BENCH_TAB_CONNECTIONS=shared` brings back `fetch`'s pool). In two pairs of runs, alternating, the workers' CPU per reload barely moved (1.02× and 1.17×: with a thousand idle kept-alive connections Puma's reactor re-sorts their timeouts on every request, which takes back what the accepts saved), the tabs' own CPU fell to 0.70–0.73×, and every tab was fresh within the 15 s the run allows, where with `fetch`'s pool 566 and 1,270 tab×commits were not.",
  '- **The rest of the request runs slower on a busier machine.** Requests with no garbage collection inside them took 3.9 ms of thread CPU (p50) with 100 viewers and 4.8–5.7 ms with 1,000, on the same code path: the 1,000 Node tabs and their WebSockets share the two cores and their caches. Five threads per worker instead of two changed it by about a tenth.',
  "- **Action Cable during the crowd's reloads, 0.2–0.4 ms per reload** (the marker to each socket, pings). Opening and closing a thousand connections costs far more, but before and after the commit.",
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
    `- **Audience, ${a.viewers.toLocaleString('en')} viewers.** ${fresh ? 'Every tab was fresh in time' : `The last tab was fresh after ${ms(s.fresh.max)} (p50 ${ms(s.fresh.p50)})`}; bob's p99 was ${ms(s.bystander.p99)} (${ms(a.quietBystander.p99)} with no crowd). The crowd is ${Math.round(s.requests)} reloads per commit at ${cpu(s.cpuMsPerViewer)} of Puma CPU each: ${(cpuTotal / 1000).toFixed(1)} s of CPU per commit, which two cores cannot do in under ${(cpuTotal / 2 / 1000).toFixed(1)} s even with nothing else running, and the ${a.viewers.toLocaleString('en')} Node tabs making the requests (WebSockets, fetch, JSON) share the same two cores. ${a.spreadMs ? `The markers carried a ${a.spreadMs} ms spread (per worker: each process counts its own sockets), so the reloads arrive over that window instead of at once; ` : 'The markers carried no spread, so every reload arrived at once; '}what decides the all-fresh time is the total CPU. The tabs themselves (Node: WebSockets, fetch, JSON) used ${cpu(s.clientCpuMsPerViewer)} of CPU per viewer and commit on the same two cores. So the levers left are the cost of one reload (see “What one reload costs” above: it is the cost of a Rails request, spread thin, and the shared prop takes out only the rendering; “Why a reload costs more in a big crowd” for what a thousand connections add) and more cores: every tab fresh within 2 s on two cores leaves at most 4 ms of CPU per viewer for the server and the browser tab together, with nothing else running. A longer spread would calm the bystander and make the last tab later still: it only helps once the reloads fit in the cores at all. On a machine that is not shared with the load generator (and here, with other sessions) the same code has two free cores.`,
  ]
}
