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
        target: `≤ ${TARGETS.burstReloadsPerTab} reloads/tab`,
        verdict: verdict(sync.reloadsPerTab.max <= TARGETS.burstReloadsPerTab && sync.stale === 0),
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
      peer: `polling 1 s: p50 ${ms(browser.polling.p50)} · p90 ${ms(browser.polling.p90)}`,
      target: `p50 ≤ ${TARGETS.browserP50} ms`,
      verdict: verdict(browser.sync.p50 <= TARGETS.browserP50 && browser.lost === 0),
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
  const bytes = results.bytes
  if (bytes) {
    out.push({
      benchmark: 'Bytes per marker frame (WebSocket text frame payload)',
      measured: `${bytes.plain} B · with origin ${bytes.withOrigin} B`,
      peer: '—',
      target: `≤ ${TARGETS.frameBytes} B`,
      verdict: verdict(Math.max(bytes.plain, bytes.withOrigin) <= TARGETS.frameBytes),
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
