/**
 * Abuse: one signed-in user opens `abusers` sockets; each tries to subscribe `SyncChannel`
 * `channels` times (different params), then follows every identifier the user may see on each of
 * its channel subscriptions, and stops reading (a slow reader). Meanwhile a well-behaved client
 * (another user) measures its marker latency. The same commits run once without the abusers first,
 * so the two p99s sit side by side; Puma's RSS is sampled before, under and after the abuse.
 */
import WebSocket from 'ws'
import { CableClient, CHANNEL_IDENTIFIER } from '../lib/cable-client.ts'
import { pumaRssMiB, type RailsServer } from '../lib/servers.ts'
import type { Session } from '../lib/session.ts'
import { now, sleep, summarize, withTimeout, type Summary } from '../lib/stats.ts'

export interface AbuseOptions {
  server: RailsServer
  /** The abusing user. */
  abuser: Session
  /** The well-behaved user, who reads Account:`account`. */
  viewer: Session
  writer: Session
  account: string
  /** Other accounts the abuser may follow. */
  accounts: string[]
  quick: boolean
}

export interface AbuseResult {
  abusers: number
  channelsPerSocket: number
  commits: number
  /** Sockets the server let in (it caps connections per user), channels it confirmed, streams it accepted. */
  socketsAccepted: number
  channelsConfirmed: number
  streamsAccepted: number
  baseline: Summary
  abused: Summary
  lost: number
  rssStartMiB: number
  rssAbusedMiB: number
  rssPeakMiB: number
  rssEndMiB: number
}

interface Abuser {
  socket: WebSocket
  welcomed: boolean
  confirmed: number
  subscribed: number
}

export async function abuse(options: AbuseOptions): Promise<AbuseResult> {
  const abusers = options.quick ? 5 : 50
  const channels = options.quick ? 5 : 50
  const commits = options.quick ? 5 : 30
  const { server } = options
  const identifier = `Account:${options.account}`
  const follows = options.accounts.flatMap((a) => [`Account:${a}`, `Account:${a}/account_users`])

  const viewer = await new CableClient(
    options.viewer.baseURL.replace(/^http/, 'ws') + '/cable',
    options.viewer.cookie,
    options.viewer.baseURL,
  ).connect()
  const reply = await viewer.subscribeTo(identifier)
  if (reply.type !== 'subscribed')
    throw new Error(`abuse: viewer could not subscribe: ${reply.code}`)

  let lost = 0
  const measure = async (label: string): Promise<number[]> => {
    const latencies: number[] = []
    for (let i = 0; i < commits; i++) {
      const t0 = now()
      const arrived = new Promise<number>((resolve) => {
        const listener = (marker: { identifier: string }, at: number) => {
          if (marker.identifier !== identifier) return
          viewer.markerListeners.splice(viewer.markerListeners.indexOf(listener), 1)
          resolve(at)
        }
        viewer.markerListeners.push(listener)
      })
      await options.writer.renameAccount(options.account, `Abuse ${label} ${i}`)
      await withTimeout(arrived, 10_000, 'marker').then(
        (at) => latencies.push(at - t0),
        () => lost++,
      )
      await sleep(50)
    }
    return latencies
  }

  const rssStartMiB = pumaRssMiB(server)
  const baseline = await measure('baseline')

  const sockets: Abuser[] = []
  let rssPeakMiB = rssStartMiB
  const sampler = setInterval(() => (rssPeakMiB = Math.max(rssPeakMiB, pumaRssMiB(server))), 500)
  try {
    for (let i = 0; i < abusers; i++)
      sockets.push(await openAbuser(options.abuser, channels, follows))
    await sleep(500) // every socket was answered: a moment for the last writes to land
    for (const abuser of sockets) abuser.socket.pause() // stop reading: a slow reader
    const rssAbusedMiB = pumaRssMiB(server)
    const abused = await measure('abused')
    const result: AbuseResult = {
      abusers,
      channelsPerSocket: channels,
      commits,
      socketsAccepted: sockets.filter((a) => a.welcomed).length,
      channelsConfirmed: sockets.reduce((n, a) => n + a.confirmed, 0),
      streamsAccepted: sockets.reduce((n, a) => n + a.subscribed, 0),
      baseline: summarize(baseline),
      abused: summarize(abused),
      lost,
      rssStartMiB,
      rssAbusedMiB,
      rssPeakMiB,
      rssEndMiB: NaN,
    }
    for (const abuser of sockets) abuser.socket.terminate()
    await sleep(2000)
    result.rssEndMiB = pumaRssMiB(server)
    result.rssPeakMiB = Math.max(rssPeakMiB, result.rssEndMiB)
    const { baseline: b, abused: a } = result
    console.error(
      `  abuse: ${result.socketsAccepted}/${abusers} sockets, ${result.channelsConfirmed} channels, ${result.streamsAccepted} streams accepted; viewer p50/p99 ${b.p50.toFixed(1)}/${b.p99.toFixed(1)} ms alone, ${a.p50.toFixed(1)}/${a.p99.toFixed(1)} ms abused; lost ${lost}; RSS ${rssStartMiB.toFixed(0)} → ${rssAbusedMiB.toFixed(0)} (peak ${result.rssPeakMiB.toFixed(0)}) → ${result.rssEndMiB.toFixed(0)} MiB`,
    )
    return result
  } finally {
    clearInterval(sampler)
    for (const abuser of sockets) abuser.socket.terminate()
    viewer.close()
  }
}

/** The replies a `subscribe_to` gets (docs/protocol.md). */
const REPLIES = new Set(['subscribed', 'unsubscribed', 'error'])

/** Opens one abusive socket: `channels` SyncChannel subscriptions, each following `follows`. */
async function openAbuser(session: Session, channels: number, follows: string[]): Promise<Abuser> {
  const socket = new WebSocket(session.baseURL.replace(/^http/, 'ws') + '/cable', {
    headers: { Cookie: session.cookie, Origin: session.baseURL },
    perMessageDeflate: false,
  })
  const abuser: Abuser = { socket, welcomed: false, confirmed: 0, subscribed: 0 }
  const identifiers = Array.from({ length: channels }, (_, n) =>
    n === 0 ? CHANNEL_IDENTIFIER : JSON.stringify({ channel: 'SyncChannel', n }),
  )
  let channelsAnswered = 0
  let followsAnswered = 0
  const done = new Promise<void>((resolve) => {
    // Set up once every channel was confirmed or rejected and every follow of a confirmed one was
    // answered (subscribed, refused or an error): the server has taken every command in.
    const answered = () => {
      if (channelsAnswered === channels && followsAnswered === abuser.confirmed * follows.length)
        resolve()
    }
    socket.on('close', () => resolve())
    socket.on('error', () => resolve())
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as {
        type?: string
        identifier?: string
        message?: { type?: string }
      }
      if (frame.type === 'welcome') {
        abuser.welcomed = true
        for (const id of identifiers)
          socket.send(JSON.stringify({ command: 'subscribe', identifier: id }))
      } else if (frame.type === 'confirm_subscription' && frame.identifier) {
        abuser.confirmed++
        channelsAnswered++
        for (const id of follows) {
          const data = JSON.stringify({ action: 'subscribe_to', identifier: id })
          socket.send(JSON.stringify({ command: 'message', identifier: frame.identifier, data }))
        }
      } else if (frame.type === 'reject_subscription') {
        channelsAnswered++
      } else if (frame.type === 'disconnect') {
        resolve()
      } else if (REPLIES.has(frame.message?.type ?? '')) {
        followsAnswered++
        if (frame.message?.type === 'subscribed') abuser.subscribed++
      }
      answered()
    })
    // A server that leaves commands unanswered: the socket counts as set up after a while.
    setTimeout(resolve, 3000)
  })
  await done
  return abuser
}
