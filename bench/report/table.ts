/** The one table: every benchmark, its peer measured in the same run, its target and verdict. */
import { ms } from '../lib/stats.ts'
import { TARGETS, isRedis, soakGrowth, verdict, type Results, type Verdict } from './results.ts'

export interface Row {
  benchmark: string
  measured: string
  peer: string
  target: string
  verdict: Verdict
}

export function rows(results: Results): Row[] {
  const out: Row[] = []
  for (const f of results.fanout) {
    const limit = isRedis(f) ? TARGETS.fanoutRedisP99 : TARGETS.fanoutAsyncP99
    const applies = f.clients === 1000
    out.push({
      benchmark: `Fan-out, ${f.clients.toLocaleString('en')} clients, ${f.label} (commit → marker)`,
      measured: `p50 ${ms(f.latency.p50)} · p99 ${ms(f.latency.p99)} · max ${ms(f.latency.max)}`,
      peer: `HTTP round trip of the commit: p50 ${ms(f.http.p50)} · p99 ${ms(f.http.p99)}`,
      target: applies ? `p99 < ${limit} ms` : '—',
      verdict: applies ? verdict(f.latency.p99 < limit && f.lost === 0) : 'n/a',
    })
  }
  for (const r of results.race) {
    out.push({
      benchmark: `Subscribe, then commit at once (${r.tries} new clients), ${r.label}`,
      measured: `${r.lost} markers lost`,
      peer: '—',
      target: '0 lost (convergence)',
      verdict: verdict(r.lost === 0 && r.errors.length === 0),
    })
  }
  const burst = results.burst
  if (burst) {
    const [sync, naive, polling] = burst.strategies
    if (sync && naive && polling) {
      const perTab = (s: typeof sync) =>
        `${s.reloadsPerTab.max} reload${s.reloadsPerTab.max === 1 ? '' : 's'}/tab (${s.requests} requests)`
      out.push({
        benchmark: `Burst: ${burst.commits} commits in ${ms(burst.burstMs)}, ${sync.tabs} tabs each`,
        measured: `inertia-sync: ${perTab(sync)}`,
        peer: `naive debounce: ${perTab(naive)} · polling 1 s: ${perTab(polling)}`,
        target: `≤ ${TARGETS.burstReloadsPerTab} reloads/tab, last state ≤ ${TARGETS.burstConvergedMax} ms after the last commit`,
        verdict: verdict(
          sync.reloadsPerTab.max <= TARGETS.burstReloadsPerTab &&
            sync.converged.max <= TARGETS.burstConvergedMax &&
            sync.stale === 0,
        ),
      })
      out.push({
        benchmark: 'Burst: first commit → tab shows burst data (p50)',
        measured: `inertia-sync: ${ms(sync.firstFresh.p50)}`,
        peer: `naive debounce: ${ms(naive.firstFresh.p50)} · polling 1 s: ${ms(polling.firstFresh.p50)}`,
        target: '—',
        verdict: 'n/a',
      })
    }
  }
  const browser = results.browser
  if (browser) {
    out.push({
      benchmark: `Seen in a browser: edit in tab A → tab B's DOM (${browser.edits} edits)`,
      measured: `sync: p50 ${ms(browser.sync.p50)} · p90 ${ms(browser.sync.p90)}`,
      peer: `naive 300 ms debounce (Node tab): p50 ${ms(browser.naive.p50)} · p90 ${ms(browser.naive.p90)} · polling 1 s: p50 ${ms(browser.polling.p50)} · p90 ${ms(browser.polling.p90)} · sync p50 = ${ratio(browser.sync.p50, browser.naive.p50)} the naive client's, ${ratio(browser.sync.p50, browser.polling.p50)} polling's`,
      target: `p50 ≤ ${TARGETS.browserP50} ms, p90 ≤ ${TARGETS.browserP90} ms`,
      verdict: verdict(
        browser.sync.p50 <= TARGETS.browserP50 &&
          browser.sync.p90 <= TARGETS.browserP90 &&
          browser.lost === 0,
      ),
    })
  }
  const overhead = results.overhead
  if (overhead) {
    out.push({
      benchmark: `Server overhead: ${overhead.updates.toLocaleString('en')} update! with the concern`,
      measured: `${overhead.ratio.toFixed(2)}× (${Math.round(overhead.syncedMs)} ms)`,
      peer: `without the concern: ${Math.round(overhead.plainMs)} ms`,
      target: `≤ ${TARGETS.overheadRatio}×`,
      verdict: verdict(overhead.ratio <= TARGETS.overheadRatio),
    })
  }
  for (const a of results.audience) {
    const { sync, polling } = a
    const applies = a.viewers === TARGETS.audienceGoalViewers
    out.push({
      benchmark: `Audience: ${a.viewers.toLocaleString('en')} viewers of one record, ${a.label} (commit → each tab fresh, ${a.commits} commits)`,
      measured: `sync${a.spreadMs ? ` (spread ${a.spreadMs} ms)` : ''}: p50 ${ms(sync.fresh.p50)} · p99 ${ms(sync.fresh.p99)} · max ${ms(sync.fresh.max)}; ${Math.round(sync.requests)} requests/commit; ${cpu(sync.cpuMsPerViewer)} CPU/viewer/commit (the Node tabs: ${cpu(sync.clientCpuMsPerViewer)}); bystander p99 ${ms(sync.bystander.p99)}${sync.stale ? `; ${sync.stale} tab×commits not fresh within ${a.roundTimeoutMs / 1000} s` : ''}`,
      peer: `polling 1 s: p50 ${ms(polling.fresh.p50)} · max ${ms(polling.fresh.max)}${polling.stale ? ` (${polling.stale} of ${a.viewers.toLocaleString('en')} tabs not fresh within ${a.roundTimeoutMs / 1000} s)` : ''}; ${Math.round(polling.requests)} requests/s for ever; ${cpu(polling.cpuMsPerViewer)} CPU/viewer/s; bystander p99 ${ms(polling.bystander.p99)} (quiet: ${ms(a.quietBystander.p99)}) · sync all-fresh = ${ratio(sync.fresh.max, polling.fresh.max)} polling's`,
      target: applies
        ? `all fresh ≤ ${TARGETS.audienceAllFreshMax / 1000} s, bystander p99 ≤ ${TARGETS.audienceBystanderP99} ms`
        : '—',
      verdict: applies
        ? verdict(
            sync.fresh.max <= TARGETS.audienceAllFreshMax &&
              sync.bystander.p99 <= TARGETS.audienceBystanderP99 &&
              sync.stale === 0,
          )
        : 'n/a',
    })
  }
  const idle = results.idle
  if (idle) {
    out.push({
      benchmark: `${idle.clients.toLocaleString('en')} idle clients, subscribed, 1 process, async (commit → marker)`,
      measured: `RSS ${rssPerConnection(idle)} per connection · fan-out p50 ${ms(idle.latency.p50)} · p99 ${ms(idle.latency.p99)}`,
      peer: `HTTP round trip of the commit: p50 ${ms(idle.http.p50)} · p99 ${ms(idle.http.p99)}; Puma RSS ${Math.round(idle.rssIdleMiB)} → ${Math.round(idle.rssSubscribedMiB)} MiB`,
      target: 'reported',
      verdict: 'n/a',
    })
  }
  const bytes = results.bytes
  if (bytes) {
    const spread = results.audience.find((a) => a.spreadMs > 0)
    out.push({
      benchmark: `Bytes per marker frame (WebSocket text frame payload; protocol v2: ${bytes.hasOrigin ? 'BUT this marker still has an origin' : 'markers carry no origin'})`,
      measured: `${bytes.plain} B`,
      peer: spread
        ? `a marker to ${spread.viewers.toLocaleString('en')} viewers adds the spread hint: ${Buffer.byteLength(spread.frame)} B`
        : '—',
      target: `≤ ${TARGETS.frameBytes} B`,
      verdict: verdict(bytes.plain <= TARGETS.frameBytes && !bytes.hasOrigin),
    })
  }
  const soak = results.soak
  if (soak) {
    const growth = soakGrowth(soak)
    const rate = soak.commits / soak.seconds
    out.push({
      benchmark: `Soak: ${soak.clients} clients × ${soak.identifiers} ids, ${soak.offeredRate} commits/s offered, ${Math.round(soak.seconds)} s`,
      measured: `${soak.mismatched} clients behind · ${soak.errors.length} errors · sustained ${rate.toFixed(1)} commits/s (${soak.markers.toLocaleString('en')} markers)`,
      peer: `Puma RSS ${Math.round(soak.rssStartMiB)} idle → ${Math.round(soak.rssLoadedMiB)} subscribed → ${Math.round(soak.rssEndMiB)} MiB end (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %), CPU ${Math.round(soak.serverCpuPercent)} %`,
      target: `0 behind, 0 errors, RSS growth ≤ ${TARGETS.soakMemoryGrowth * 100} %, ≥ ${TARGETS.soakRateShare * 100} % of the offered rate`,
      verdict: verdict(
        soak.mismatched === 0 &&
          soak.errors.length === 0 &&
          growth <= TARGETS.soakMemoryGrowth &&
          rate >= soak.offeredRate * TARGETS.soakRateShare,
      ),
    })
  }
  return out
}

function ratio(ours: number, theirs: number): string {
  return Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}×` : 'n/a'
}

function cpu(msValue: number): string {
  return Number.isFinite(msValue) ? `${msValue.toFixed(msValue < 1 ? 2 : 1)} ms` : 'n/a'
}

/** Puma's RSS growth from idle to every client subscribed, per client. */
export function rssPerConnection(f: {
  clients: number
  rssIdleMiB: number
  rssSubscribedMiB: number
}): string {
  const kib = ((f.rssSubscribedMiB - f.rssIdleMiB) * 1024) / f.clients
  return Number.isFinite(kib) ? `${kib.toFixed(0)} KiB` : 'n/a'
}

export function markdownTable(results: Results): string {
  const header = '| Benchmark | Measured | Beside it, same run | Target | |\n|---|---|---|---|---|'
  const body = rows(results).map(
    (r) => `| ${r.benchmark} | ${r.measured} | ${r.peer} | ${r.target} | ${r.verdict} |`,
  )
  return [header, ...body].join('\n')
}

/** The table for the terminal (markdown reads fine there too). */
export function renderTable(results: Results): string {
  return `\nbin/bench${results.profile === 'quick' ? ' --quick' : ''} (${results.startedAt})\n\n${markdownTable(results)}\n`
}
