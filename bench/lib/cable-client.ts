/**
 * One browser-tab-like Action Cable connection over a real WebSocket (`ws`), speaking the
 * protocol by hand: welcome, subscribe to `SyncChannel`, `subscribe_to` identifiers, and a
 * callback per marker with its arrival time and the raw frame length.
 */
import WebSocket from 'ws'
import { now } from './stats.ts'

export const CHANNEL_IDENTIFIER = JSON.stringify({ channel: 'SyncChannel' })

export interface Marker {
  identifier: string
  action: string
  timestamp: number
  version: number
  /** Protocol v2: a crowd's reload window in ms (absent: reload at once). */
  spread?: number
}

export interface Reply {
  type: 'subscribed' | 'unsubscribed' | 'error'
  identifier: string | null
  version?: number
  code?: string
  error?: string
}

/** `frame` is the raw WebSocket text frame payload, as it crossed the wire. */
export type MarkerListener = (marker: Marker, arrivedAt: number, frame: Buffer) => void

export class CableClient {
  private socket?: WebSocket
  private readonly waiting = new Map<string, Array<(reply: Reply) => void>>()
  private confirmed?: () => void
  private rejectConfirm?: (error: Error) => void
  readonly markerListeners: MarkerListener[] = []
  /** Every message on the channel (replies and markers), as Action Cable's `received` gets it. */
  readonly messageListeners: Array<(message: unknown) => void> = []
  /** Last marker version seen per identifier. */
  readonly lastSeen = new Map<string, number>()
  markers = 0
  errors: string[] = []
  closed = false

  constructor(
    readonly url: string,
    readonly cookie: string,
    /** The page's origin, sent as the WebSocket's `Origin` header (Action Cable checks it). */
    readonly pageOrigin: string,
  ) {}

  /** Opens the socket, waits for `welcome`, subscribes to `SyncChannel` and waits for confirm. */
  async connect(timeoutMs = 15_000): Promise<this> {
    const socket = new WebSocket(this.url, {
      headers: { Cookie: this.cookie, Origin: this.pageOrigin },
      perMessageDeflate: false,
    })
    this.socket = socket
    const ready = new Promise<void>((resolve, reject) => {
      this.confirmed = resolve
      this.rejectConfirm = reject
    })
    const timer = setTimeout(() => this.rejectConfirm?.(new Error('cable: no confirm')), timeoutMs)
    socket.on('message', (data: Buffer) => this.onFrame(data))
    socket.on('error', (error) => {
      this.errors.push(`socket: ${error.message}`)
      this.rejectConfirm?.(error)
    })
    socket.on('close', (code) => {
      if (!this.closed) this.errors.push(`closed by server (${code})`)
      this.closed = true
      this.rejectConfirm?.(new Error(`cable closed (${code})`))
    })
    try {
      await ready
    } finally {
      clearTimeout(timer)
    }
    return this
  }

  /** `perform('subscribe_to', {identifier})`; resolves with the reply (`subscribed` or `error`). */
  subscribeTo(identifier: string, timeoutMs = 15_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to subscribe_to ${identifier}`)),
        timeoutMs,
      )
      const list = this.waiting.get(identifier) ?? []
      list.push((reply) => {
        clearTimeout(timer)
        resolve(reply)
      })
      this.waiting.set(identifier, list)
      this.perform('subscribe_to', { identifier })
    })
  }

  perform(action: string, data: Record<string, unknown> = {}): void {
    this.send({
      command: 'message',
      identifier: CHANNEL_IDENTIFIER,
      data: JSON.stringify({ action, ...data }),
    })
  }

  close(): void {
    this.closed = true
    this.socket?.terminate()
  }

  private send(payload: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload))
    else this.errors.push('send on a closed socket')
  }

  private onFrame(data: Buffer): void {
    const arrivedAt = now()
    let frame: { type?: string; identifier?: string; message?: unknown }
    try {
      frame = JSON.parse(data.toString('utf8'))
    } catch {
      this.errors.push('unparsable frame')
      return
    }
    switch (frame.type) {
      case 'welcome':
        this.send({ command: 'subscribe', identifier: CHANNEL_IDENTIFIER })
        return
      case 'confirm_subscription':
        this.confirmed?.()
        this.confirmed = this.rejectConfirm = undefined
        return
      case 'reject_subscription':
        this.rejectConfirm?.(new Error('SyncChannel subscription rejected'))
        return
      case 'disconnect':
        this.errors.push(`disconnect: ${JSON.stringify(frame)}`)
        return
      case 'ping':
        return
    }
    if (frame.identifier !== CHANNEL_IDENTIFIER || typeof frame.message !== 'object') return
    const message = frame.message as Partial<Marker & Reply>
    for (const listener of this.messageListeners) listener(message)
    if (typeof message.type === 'string') {
      const reply = message as Reply
      if (reply.type === 'error') this.errors.push(`${reply.code}: ${reply.identifier}`)
      if (reply.type === 'unsubscribed') return
      const list = reply.identifier ? this.waiting.get(reply.identifier) : undefined
      list?.shift()?.(reply)
      return
    }
    const marker = message as Marker
    this.markers++
    const previous = this.lastSeen.get(marker.identifier) ?? 0
    if (marker.version > previous) this.lastSeen.set(marker.identifier, marker.version)
    for (const listener of this.markerListeners) listener(marker, arrivedAt, data)
  }
}

/** Connects `count` clients, `concurrency` handshakes at a time; throws on the first failure. */
export async function connectMany(
  count: number,
  make: (index: number) => CableClient,
  concurrency = 50,
): Promise<CableClient[]> {
  const clients: CableClient[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const client = make(next++)
      clients.push(client)
      await client.connect()
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  } catch (error) {
    for (const client of clients) client.close()
    throw error
  }
  return clients
}

export function closeAll(clients: CableClient[]): void {
  for (const client of clients) client.close()
}
