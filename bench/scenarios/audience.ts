/**
 * Audience: N tabs of one user watching one record, one rename at a time. Each tab is the real
 * `SyncRegistry` from client/src over its own WebSocket, reloading with real partial-reload GETs;
 * "fresh" is the moment a tab's reload response shows the new name, from just before the PATCH was
 * sent. Meanwhile a bystander (another user, bob) loads his own page over and over: the latency of
 * his requests is what a herd costs everyone else. Beside it, the same N tabs polling at 1 s.
 */
import type { RailsServer } from '../lib/servers.ts'
import { pumaCpuMs } from '../lib/servers.ts'
import type { Session } from '../lib/session.ts'
import { now, sleep, summarize, type Summary } from '../lib/stats.ts'
import { openSyncTab, type SyncTab } from '../lib/sync-tab.ts'
import { Tab, type Shown } from '../lib/tab.ts'

export interface AudienceOptions {
  label: string
  viewer: Session
  writer: Session
  bystander: Session
  account: string
  viewers: number
  commits: number
  pollMs: number
  servers: RailsServer[]
  /** Give up on a round (sync or polling) after this long (a tab not fresh by then counts as stale). */
  roundTimeoutMs: number
}

export interface StrategyRun {
  /** Commit sent → this tab shows it, every tab × commit. */
  fresh: Summary
  /** Per commit, the last tab's fresh time. */
  allFresh: Summary
  stale: number
  /** Partial reloads per commit (sync) or per second (polling), all tabs together. */
  requests: number
  /** Puma CPU (all processes) per viewer: per commit (sync) or per second (polling), in ms. */
  cpuMsPerViewer: number
  /**
   * This Node process's CPU per viewer, same unit: the tabs themselves (WebSockets, fetch, JSON),
   * which share the machine's cores with Puma.
   */
  clientCpuMsPerViewer: number
  bystander: Summary
  errors: string[]
}

export interface AudienceResult {
  label: string
  roundTimeoutMs: number
  viewers: number
  commits: number
  sync: StrategyRun
  polling: StrategyRun
  /** Bob's page loads with no herd, before the rounds. */
  quietBystander: Summary
  /** A marker frame one of the tabs received, exactly as it crossed the wire. */
  frame: string
  /** The `spread` the markers carried (0: none). */
  spreadMs: number
}

export async function audience(options: AudienceOptions): Promise<AudienceResult> {
  const { viewer, writer, account, viewers } = options
  // A thousand tabs cost the most to set up and to serve: two commits are enough to see the crowd.
  options = {
    ...options,
    commits: viewers >= 1000 ? Math.min(2, options.commits) : options.commits,
  }
  const path = `/accounts/${account}`
  const mappings = {
    [`Account:${account}`]: 'account',
    [`Account:${account}/account_users`]: 'account',
  }
  const page = await viewer.visit(path)
  // Bob's own page loads cost CPU too: measured alone here, taken out of the crowd's CPU below.
  const quietCpuBefore = cpuOf(options.servers)
  const quietLoads = await bystanderLoop(options.bystander, () => false, 20)
  const bobCpuMs = (cpuOf(options.servers) - quietCpuBefore) / quietLoads.length
  const quietBystander = summarize(quietLoads)
  const crowdCpu = (cpuMs: number, bobLoads: number) => Math.max(0, cpuMs - bobLoads * bobCpuMs)

  const tabs: SyncTab[] = []
  let frame = ''
  let spreadMs = 0
  try {
    await inBatches(viewers, 25, async () => {
      tabs.push(await openSyncTab(viewer, path, mappings, structuredClone(page)))
    })
    tabs[0]!.consumer.client.markerListeners.push((marker, _at, raw) => {
      frame = raw.toString('utf8')
      spreadMs = marker.spread ?? 0
    })
    const fresh: number[] = []
    const allFresh: number[] = []
    const bystander: number[] = []
    let stale = 0
    let requests = 0
    let cpuMs = 0
    let clientCpuMs = 0
    for (let commit = 0; commit < options.commits; commit++) {
      const name = `Acme audience ${viewers} ${commit} ${Date.now()}`
      const reloadsBefore = tabs.reduce((n, t) => n + t.tab.reloads, 0)
      const cpuBefore = cpuOf(options.servers)
      const clientBefore = process.cpuUsage()
      const t0 = now()
      let done = false
      const watching = bystanderLoop(options.bystander, () => done)
      await writer.renameAccount(account, name)
      const times = await Promise.all(
        tabs.map((t) => freshAt(t.tab, name, t0 + options.roundTimeoutMs)),
      )
      done = true
      const bob = await watching
      bystander.push(...bob)
      cpuMs += crowdCpu(cpuOf(options.servers) - cpuBefore, bob.length)
      clientCpuMs += cpuMsSince(clientBefore)
      const seen = times.filter((at): at is number => at !== null).map((at) => at - t0)
      stale += times.length - seen.length
      fresh.push(...seen)
      allFresh.push(Math.max(...seen))
      await sleep(300) // duplicate reloads (a second marker, a max-wait timer) land before counting
      requests += tabs.reduce((n, t) => n + t.tab.reloads, 0) - reloadsBefore
      await sleep(1200) // a quiet period, so the next commit is again "one edit"
    }
    const errors = tabs.flatMap((t) => [...t.consumer.errors, ...t.tab.errors])
    const sync: StrategyRun = {
      fresh: summarize(fresh),
      allFresh: summarize(allFresh),
      stale,
      requests: requests / options.commits,
      cpuMsPerViewer: cpuMs / options.commits / viewers,
      clientCpuMsPerViewer: clientCpuMs / options.commits / viewers,
      bystander: summarize(bystander),
      errors,
    }
    const closed = tabs.splice(0)
    for (const t of closed) t.close()
    await drained(closed.map((t) => () => t.tab.inFlight === 0))
    const polling = await pollingRun(options, page, crowdCpu)
    return {
      label: options.label,
      roundTimeoutMs: options.roundTimeoutMs,
      viewers,
      commits: options.commits,
      sync,
      polling,
      quietBystander,
      frame,
      spreadMs,
    }
  } finally {
    for (const t of tabs) t.close()
  }
}

/** The same N tabs polling every `pollMs` (phases spread evenly), one rename in the middle. */
async function pollingRun(
  options: AudienceOptions,
  page: Tab['page'],
  crowdCpu: (cpuMs: number, bobLoads: number) => number,
): Promise<StrategyRun> {
  const { viewer, viewers, pollMs } = options
  const tabs = Array.from({ length: viewers }, () => new Tab(viewer, structuredClone(page)))
  const timers: Array<ReturnType<typeof setTimeout>> = []
  tabs.forEach((tab, i) => {
    timers.push(
      setTimeout(
        // A poll waits for the previous one (a timer that piles requests onto a slow server would
        // only make polling look worse).
        () => timers.push(setInterval(() => tab.inFlight || void tab.reload(['account']), pollMs)),
        (pollMs * i) / viewers,
      ),
    )
  })
  try {
    await sleep(pollMs * 1.5) // every tab polling
    let done = false
    const watching = options.bystander
    const bystander = bystanderLoop(watching, () => done)
    const reloadsBefore = tabs.reduce((n, t) => n + t.reloads, 0)
    const cpuBefore = cpuOf(options.servers)
    const clientBefore = process.cpuUsage()
    const start = now()
    const name = `Acme polled ${viewers} ${Date.now()}`
    await options.writer.renameAccount(options.account, name)
    const times = await Promise.all(
      // As long as a sync round may take: a saturated server shows polling's real all-fresh time.
      tabs.map((t) => freshAt(t, name, start + Math.max(options.roundTimeoutMs, pollMs * 3))),
    )
    const elapsed = (now() - start) / 1000
    const clientCpuMs = cpuMsSince(clientBefore)
    done = true
    const bob = await bystander
    const cpuMs = crowdCpu(cpuOf(options.servers) - cpuBefore, bob.length)
    const requests = tabs.reduce((n, t) => n + t.reloads, 0) - reloadsBefore
    const seen = times.filter((at): at is number => at !== null).map((at) => at - start)
    return {
      fresh: summarize(seen),
      allFresh: summarize(seen.length ? [Math.max(...seen)] : []),
      stale: times.length - seen.length,
      requests: requests / elapsed,
      cpuMsPerViewer: cpuMs / elapsed / viewers,
      clientCpuMsPerViewer: clientCpuMs / elapsed / viewers,
      bystander: summarize(bob),
      errors: tabs.flatMap((t) => t.errors),
    }
  } finally {
    for (const timer of timers) clearTimeout(timer)
    await drained(tabs.map((t) => () => t.inFlight === 0))
    for (const tab of tabs) tab.close()
  }
}

/** Resolves with the moment `tab` shows `name`, or null after `deadline`. */
function freshAt(tab: Tab, name: string, deadline: number): Promise<number | null> {
  const shown = tab.shown.find((s) => s.name === name)
  if (shown) return Promise.resolve(shown.at)
  return new Promise((resolve) => {
    const settle = (at: number | null) => {
      clearTimeout(timer)
      tab.shownListeners.delete(listener)
      resolve(at)
    }
    const listener = (s: Shown) => s.name === name && settle(s.at)
    const timer = setTimeout(() => settle(null), Math.max(0, deadline - now()))
    tab.shownListeners.add(listener)
  })
}

/** Bob loads his accounts page, one request at a time, until `stop()` (or `count` loads). */
async function bystanderLoop(
  bob: Session,
  stop: () => boolean,
  count = Infinity,
): Promise<number[]> {
  const latencies: number[] = []
  while (!stop() && latencies.length < count) {
    const t0 = now()
    await bob.visit('/accounts')
    latencies.push(now() - t0)
    await sleep(20)
  }
  return latencies
}

/** Waits (at most 30 s) until every request still in flight has landed: the next run starts clean. */
async function drained(idle: Array<() => boolean>): Promise<void> {
  const until = now() + 30_000
  while (now() < until && !idle.every((done) => done())) await sleep(50)
}

async function inBatches(count: number, size: number, make: () => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next++ < count) await make()
  }
  await Promise.all(Array.from({ length: Math.min(size, count) }, worker))
}

/** This process's CPU time (user + system) since `before`, in ms. */
function cpuMsSince(before: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(before)
  return (user + system) / 1000
}

function cpuOf(servers: RailsServer[]): number {
  return servers.reduce((sum, server) => sum + pumaCpuMs(server), 0)
}
