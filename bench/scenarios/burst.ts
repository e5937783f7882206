/**
 * Burst coalescing: `commits` renames of one account within ~1 s while `tabs` tabs per client
 * strategy watch its page: (a) this project's `SyncRegistry`, (b) the naive
 * client, (c) Inertia polling at 1 s. Counts partial reloads per tab and HTTP requests in total
 * over the same observation window, and how long each tab showed stale data.
 */
import { CableClient } from '../lib/cable-client.ts'
import { NaiveRegistry } from '../lib/naive-registry.ts'
import type { Session } from '../lib/session.ts'
import { now, sleep, summarize, type Summary } from '../lib/stats.ts'
import { openSyncTab } from '../lib/sync-tab.ts'
import { Tab } from '../lib/tab.ts'

export interface BurstOptions {
  viewer: Session
  writer: Session
  account: string
  tabs: number
  commits: number
  burstMs: number
  /** How long to keep observing after the last commit's response. */
  settleMs: number
  pollMs: number
}

export interface StrategyResult {
  name: string
  tabs: number
  reloadsPerTab: Summary
  requests: number
  /** First commit sent → the tab first shows data from the burst. */
  firstFresh: Summary
  /** Last commit's response → the tab shows the final name (NaN: never did in the window). */
  converged: Summary
  stale: number
  maxInFlight: number
  errors: string[]
}

export interface BurstResult {
  commits: number
  burstMs: number
  windowMs: number
  strategies: StrategyResult[]
}

export async function burst(options: BurstOptions): Promise<BurstResult> {
  const { viewer, writer, account } = options
  const path = `/accounts/${account}`
  const mappings = {
    [`Account:${account}`]: 'account',
    [`Account:${account}/account_users`]: 'account',
  }
  const closers: Array<() => void> = []
  try {
    const sync = await Promise.all(
      Array.from({ length: options.tabs }, () => openSyncTab(viewer, path, mappings)),
    )
    closers.push(...sync.map((t) => t.close))
    const naive = await Promise.all(
      Array.from({ length: options.tabs }, async () => {
        const tab = await Tab.open(viewer, path)
        const client = await new CableClient(
          viewer.baseURL.replace(/^http/, 'ws') + '/cable',
          viewer.cookie,
          viewer.baseURL,
        ).connect()
        const registry = new NaiveRegistry(client, tab)
        closers.push(() => registry.disconnect())
        for (const [identifier, prop] of Object.entries(mappings)) {
          await registry.subscribe(identifier, prop)
        }
        return tab
      }),
    )
    const polling = await Promise.all(
      Array.from({ length: options.tabs }, () => Tab.open(viewer, path)),
    )

    const start = now()
    // Polling tabs were opened at random moments: spread their phases over the interval.
    polling.forEach((tab, i) => {
      let timer: ReturnType<typeof setInterval> | undefined
      const phase = setTimeout(
        () => {
          timer = setInterval(() => void tab.reload(['account']), options.pollMs)
        },
        (options.pollMs * i) / options.tabs,
      )
      closers.push(() => {
        clearTimeout(phase)
        clearInterval(timer)
      })
    })

    const finalName = `Acme burst ${Date.now()}`
    const lastResponse = await sendBurst(
      writer,
      account,
      options.commits,
      options.burstMs,
      finalName,
    )
    const burstMs = lastResponse - start
    await sleep(options.settleMs)
    const windowMs = now() - start
    for (const close of closers.splice(0)) close()
    await sleep(200) // let reloads already in flight land before counting

    const measure = (name: string, tabs: Tab[], extraErrors: string[] = []): StrategyResult => ({
      name,
      tabs: tabs.length,
      reloadsPerTab: summarize(tabs.map((t) => t.reloads)),
      requests: tabs.reduce((n, t) => n + t.reloads, 0),
      firstFresh: summarize(
        tabs.map((t) => (t.shown.find((s) => s.name.startsWith('Acme burst'))?.at ?? NaN) - start),
      ),
      converged: summarize(
        tabs.map((t) =>
          Math.max(0, (t.shown.find((s) => s.name === finalName)?.at ?? NaN) - lastResponse),
        ),
      ),
      stale: tabs.filter((t) => t.accountName !== finalName).length,
      maxInFlight: Math.max(...tabs.map((t) => t.maxInFlight)),
      errors: [...extraErrors, ...tabs.flatMap((t) => t.errors)],
    })
    return {
      commits: options.commits,
      burstMs,
      windowMs,
      strategies: [
        measure(
          'inertia-sync (SyncRegistry)',
          sync.map((t) => t.tab),
          sync.flatMap((t) => t.consumer.errors),
        ),
        measure('naive debounce client', naive),
        measure(`polling ${options.pollMs} ms`, polling),
      ],
    }
  } finally {
    for (const close of closers) close()
  }
}

/**
 * Sends `count` renames spread over `spanMs` (at most 4 in flight); the last one, sent after all
 * others were answered, sets `finalName`. Resolves with the moment its response arrived.
 */
async function sendBurst(
  writer: Session,
  account: string,
  count: number,
  spanMs: number,
  finalName: string,
): Promise<number> {
  const start = now()
  let next = 0
  const worker = async () => {
    while (next < count - 1) {
      const i = next++
      const due = start + (spanMs * i) / count
      if (due > now()) await sleep(due - now())
      await writer.renameAccount(account, `Acme burst ${i}`)
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  const due = start + (spanMs * (count - 1)) / count
  if (due > now()) await sleep(due - now())
  await writer.renameAccount(account, finalName)
  return now()
}
