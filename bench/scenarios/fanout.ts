/**
 * Fan-out: N subscribed WebSocket clients, commits sent one at a time over HTTP; for each commit,
 * t0 = just before the PATCH is sent, t1 = the marker's arrival on each client. The HTTP round
 * trip is reported beside it, so the reader can tell server work from delivery.
 */
import { CableClient, closeAll, connectMany, type Marker } from '../lib/cable-client.ts'
import { pumaCpuMs, pumaRssMiB, type RailsServer } from '../lib/servers.ts'
import type { Session } from '../lib/session.ts'
import { now, sleep, summarize, withTimeout, type Summary } from '../lib/stats.ts'

export interface FanoutOptions {
  label: string
  /** One logged-in session per server; clients are spread across them, commits go to the first. */
  sessions: Session[]
  account: string
  clients: number
  commits: number
  warmup: number
  gapMs: number
  deadlineMs: number
  /** The servers, to read their CPU time (a profile of where the latency goes). */
  servers?: RailsServer[]
}

export interface FanoutResult {
  label: string
  clients: number
  processes: number
  commits: number
  latency: Summary
  http: Summary
  /** Per commit: the first client's marker, and last minus first (delivery spread). */
  first: Summary
  spread: Summary
  /** Puma CPU time per measured commit, all processes together (ms). */
  serverCpuMsPerCommit: number
  /** The first server's RSS before the clients connected and once all had subscribed (MiB). */
  rssIdleMiB: number
  rssSubscribedMiB: number
  lost: number
  errors: string[]
}

export async function fanout(options: FanoutOptions): Promise<FanoutResult> {
  const { sessions, account, clients: count } = options
  const identifier = `Account:${account}`
  const rssOf = () => (options.servers?.[0] ? pumaRssMiB(options.servers[0]) : NaN)
  const rssIdleMiB = rssOf()
  let rssSubscribedMiB = NaN
  const clients = await connectMany(count, (i) => {
    const session = sessions[i % sessions.length]!
    const ws = session.baseURL.replace(/^http/, 'ws') + '/cable'
    return new CableClient(ws, session.cookie, session.baseURL)
  })
  const errors: string[] = []
  const latencies: number[] = []
  const http: number[] = []
  const first: number[] = []
  const spread: number[] = []
  let cpuMs = 0
  let lost = 0
  try {
    await subscribeAll(clients, identifier)
    rssSubscribedMiB = rssOf()
    // The current commit: every client's first marker after t0 belongs to it.
    let round: { t0: number; arrivals: Map<CableClient, number>; done: () => void } | null = null
    clients.forEach((client) =>
      client.markerListeners.push((marker: Marker, arrivedAt: number) => {
        if (!round || marker.identifier !== identifier || round.arrivals.has(client)) return
        round.arrivals.set(client, arrivedAt)
        if (round.arrivals.size === clients.length) round.done()
      }),
    )
    const deadline = Date.now() + options.deadlineMs
    const writer = sessions[0]!
    for (let i = 0; i < options.warmup + options.commits && Date.now() < deadline; i++) {
      const allArrived = new Promise<void>((done) => {
        round = { t0: 0, arrivals: new Map(), done }
      })
      const current = round!
      const cpuBefore = cpuOf(options.servers)
      current.t0 = now()
      await writer.renameAccount(account, `Acme ${i}`)
      const rtt = now() - current.t0
      const timedOut = await withTimeout(allArrived, 10_000, '').then(
        () => false,
        () => true,
      )
      round = null
      if (i < options.warmup) continue
      cpuMs += cpuOf(options.servers) - cpuBefore
      http.push(rtt)
      const arrivals = [...current.arrivals.values()].map((at) => at - current.t0)
      latencies.push(...arrivals)
      if (arrivals.length) {
        first.push(Math.min(...arrivals))
        spread.push(Math.max(...arrivals) - Math.min(...arrivals))
      }
      if (timedOut) lost += clients.length - current.arrivals.size
      await sleep(options.gapMs)
    }
  } finally {
    for (const client of clients)
      errors.push(...client.errors.filter((e) => !e.startsWith('closed')))
    closeAll(clients)
  }
  const result = {
    label: options.label,
    clients: count,
    processes: sessions.length,
    commits: http.length,
    latency: summarize(latencies),
    http: summarize(http),
    first: summarize(first),
    spread: summarize(spread),
    serverCpuMsPerCommit: http.length ? cpuMs / http.length : NaN,
    rssIdleMiB,
    rssSubscribedMiB,
    lost,
    errors,
  }
  const { latency: l, http: h } = result
  console.error(
    `  ${count} clients, ${options.label}: p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(1)} ms; http p50 ${h.p50.toFixed(1)} ms; first ${result.first.p50.toFixed(1)} spread ${result.spread.p50.toFixed(1)} ms; server CPU ${result.serverCpuMsPerCommit.toFixed(0)} ms/commit; lost ${lost}`,
  )
  return result
}

function cpuOf(servers: RailsServer[] = []): number {
  return servers.reduce((sum, server) => sum + pumaCpuMs(server), 0)
}

/** Subscribes every client to `identifier`, 50 at a time; throws unless all are `subscribed`. */
export async function subscribeAll(
  clients: CableClient[],
  identifier: string | ((client: CableClient, index: number) => string[]),
): Promise<Map<CableClient, Map<string, number>>> {
  const versions = new Map<CableClient, Map<string, number>>()
  let next = 0
  const worker = async () => {
    while (next < clients.length) {
      const index = next++
      const client = clients[index]!
      const ids = typeof identifier === 'string' ? [identifier] : identifier(client, index)
      const seen = new Map<string, number>()
      for (const id of ids) {
        const reply = await client.subscribeTo(id)
        if (reply.type !== 'subscribed') {
          throw new Error(
            `subscribe_to ${id}: ${reply.type} ${reply.code ?? ''} ${reply.error ?? ''}`,
          )
        }
        seen.set(id, reply.version ?? 0)
      }
      versions.set(client, seen)
    }
  }
  await Promise.all(Array.from({ length: Math.min(50, clients.length) }, worker))
  return versions
}
