/**
 * Soak: `clients` WebSocket clients each subscribed to `identifiers` accounts; renames at `rate`
 * per second spread across those accounts for `durationMs`. At the end every client asks again
 * (`subscribe_to`) and compares the `subscribed` reply's version with the last marker version it
 * saw: any difference is a lost marker. Reports errors and the Puma process's memory.
 */
import { CableClient, closeAll, connectMany } from '../lib/cable-client.ts'
import { pumaCpuMs, pumaRssMiB, type RailsServer } from '../lib/servers.ts'
import type { Session } from '../lib/session.ts'
import { now, sleep } from '../lib/stats.ts'
import { subscribeAll } from './fanout.ts'

export interface SoakOptions {
  server: RailsServer
  session: Session
  accounts: string[]
  clients: number
  identifiers: number
  rate: number
  durationMs: number
}

export interface SoakResult {
  clients: number
  identifiers: number
  commits: number
  seconds: number
  /** Commits per second asked for; `commits / seconds` is what the server sustained. */
  offeredRate: number
  /** Puma CPU time over wall time while committing (100 % = one core; Ruby's GVL caps one process near it). */
  serverCpuPercent: number
  markers: number
  mismatched: number
  errors: string[]
  /** Before the clients connect. */
  rssStartMiB: number
  /** After every client subscribed, before the first commit. */
  rssLoadedMiB: number
  rssPeakMiB: number
  rssEndMiB: number
}

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const { server, session } = options
  const ids = options.accounts.slice(0, options.identifiers).map((a) => `Account:${a}`)
  if (ids.length < options.identifiers)
    throw new Error(`soak needs ${options.identifiers} accounts`)
  const rssStartMiB = pumaRssMiB(server)
  let rssPeakMiB = rssStartMiB
  const errors: string[] = []
  const clients = await connectMany(
    options.clients,
    () =>
      new CableClient(
        session.baseURL.replace(/^http/, 'ws') + '/cable',
        session.cookie,
        session.baseURL,
      ),
  )
  try {
    const initial = await subscribeAll(clients, () => ids)
    for (const [client, versions] of initial) {
      for (const [id, version] of versions) client.lastSeen.set(id, version)
    }

    const rssLoadedMiB = pumaRssMiB(server)
    rssPeakMiB = Math.max(rssPeakMiB, rssLoadedMiB)

    // Commits at a fixed rate, at most 8 in flight, bounded by count and time.
    const total = Math.round((options.rate * options.durationMs) / 1000)
    const start = now()
    const cpuStart = pumaCpuMs(server)
    let next = 0
    let commits = 0
    const sampler = setInterval(() => (rssPeakMiB = Math.max(rssPeakMiB, pumaRssMiB(server))), 1000)
    const worker = async () => {
      while (next < total && now() - start < options.durationMs + 5000) {
        const i = next++
        const due = start + (i * 1000) / options.rate
        if (due > now()) await sleep(due - now())
        const account = options.accounts[i % ids.length]!
        try {
          await session.renameAccount(account, `Soak ${i}`)
          commits++
        } catch (error) {
          errors.push(String(error))
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    const seconds = (now() - start) / 1000
    const serverCpuPercent = (pumaCpuMs(server) - cpuStart) / (seconds * 10)
    clearInterval(sampler)

    // Let the last markers arrive: quiet for 1 s, at most 30 s.
    const total0 = () => clients.reduce((n, c) => n + c.markers, 0)
    for (let quietSince = now(), seen = total0(), t = now(); now() - t < 30_000; await sleep(100)) {
      const current = total0()
      if (current !== seen) [seen, quietSince] = [current, now()]
      else if (now() - quietSince > 1000) break
    }

    // Ask the server for the current versions and compare with what each client saw.
    let mismatched = 0
    const finals = await subscribeAll(clients, () => ids)
    for (const [client, versions] of finals) {
      const behind = [...versions].some(([id, version]) => client.lastSeen.get(id) !== version)
      if (behind) mismatched++
    }
    for (const client of clients) errors.push(...client.errors)
    return {
      clients: clients.length,
      identifiers: ids.length,
      commits,
      seconds,
      offeredRate: options.rate,
      serverCpuPercent,
      markers: total0(),
      mismatched,
      errors,
      rssStartMiB,
      rssLoadedMiB,
      rssPeakMiB: Math.max(rssPeakMiB, pumaRssMiB(server)),
      rssEndMiB: pumaRssMiB(server),
    }
  } finally {
    closeAll(clients)
  }
}
