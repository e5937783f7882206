import { ACTIONS, CHANNEL, type SyncErrorCode, type SyncMarker } from '../core/protocol.js'
import type { CableConsumer, CableSubscription, CableSubscriptionMixin } from '../core/types.js'

export interface FakeCableOptions {
  /** Fire `connected` on a microtask after the channel is subscribed. Default true. */
  autoConnect?: boolean
  /** Answer `subscribe_to` at once with `subscribed` and the identifier's version. Default true. */
  autoReply?: boolean
  /** Reject the channel subscription (as a server with sync disabled does). Default false. */
  rejectChannel?: boolean
  /** Current version per identifier, used by automatic `subscribed` replies (default 0). */
  versions?: Record<string, number>
}

export interface PerformedAction {
  action: string
  identifier: string
}

/** One channel subscription made on the fake consumer. */
export class FakeChannel implements CableSubscription {
  /** Identifiers this channel streams from (what the server would have). */
  readonly streams = new Set<string>()
  connected = false
  closed = false

  constructor(
    readonly cable: FakeCable,
    readonly params: { channel: string },
    readonly mixin: CableSubscriptionMixin,
  ) {}

  perform(action: string, data: Record<string, unknown> = {}): boolean {
    if (this.closed || !this.connected) return false
    const identifier = String(data.identifier)
    this.cable.performed.push({ action, identifier })
    if (action === ACTIONS.subscribe && this.cable.options.autoReply) {
      this.cable.replySubscribed(identifier)
    } else if (action === ACTIONS.unsubscribe) {
      this.streams.delete(identifier)
      if (this.cable.options.autoReply) {
        this.mixin.received?.({ type: 'unsubscribed', identifier })
      }
    }
    return true
  }

  unsubscribe(): void {
    this.closed = true
    this.connected = false
    this.cable.channels = this.cable.channels.filter((channel) => channel !== this)
  }
}

/**
 * A fake Action Cable consumer that tests drive by hand: connect, drop and reject the connection,
 * answer `subscribe_to`, deliver markers, and inspect what the client performed. Pass it as
 * `consumer` to `configure()` or `new SyncRegistry()`.
 *
 * @example
 * const cable = createFakeConsumer({ versions: { 'Account:all': 3 } })
 * const registry = new SyncRegistry({ consumer: cable, router })
 * registry.subscribe('Account:all', 'accounts')
 * await cable.settle()
 * cable.deliver({ identifier: 'Account:all', action: 'create', timestamp: 0, version: 4 })
 */
export class FakeCable implements CableConsumer {
  readonly options: Required<Omit<FakeCableOptions, 'versions'>>
  readonly versions = new Map<string, number>()
  /** Every action performed, in order. */
  performed: PerformedAction[] = []
  channels: FakeChannel[] = []
  /** Mirrors Action Cable's ConnectionMonitor counter, which the registry reads. */
  readonly connection = { monitor: { reconnectAttempts: 0 } }
  private everConnected = false
  isConnected = false

  readonly subscriptions = {
    create: (params: { channel: string }, mixin: CableSubscriptionMixin): FakeChannel => {
      const channel = new FakeChannel(this, params, mixin)
      this.channels.push(channel)
      if (this.options.rejectChannel) {
        queueMicrotask(() => this.reject(channel))
      } else if (this.options.autoConnect) {
        queueMicrotask(() => {
          if (!channel.closed && !channel.connected) this.connectChannel(channel)
        })
      }
      return channel
    },
  }

  constructor(options: FakeCableOptions = {}) {
    this.options = {
      autoConnect: options.autoConnect ?? true,
      autoReply: options.autoReply ?? true,
      rejectChannel: options.rejectChannel ?? false,
    }
    for (const [identifier, version] of Object.entries(options.versions ?? {})) {
      this.versions.set(identifier, version)
    }
  }

  /** The `SyncChannel` subscription the client made (the last one). */
  get channel(): FakeChannel | undefined {
    return this.channels.filter((c) => c.params.channel === CHANNEL).at(-1)
  }

  /** Identifiers the client asked for with `subscribe_to`, in order. */
  get subscribedTo(): string[] {
    return this.performed.filter((p) => p.action === ACTIONS.subscribe).map((p) => p.identifier)
  }

  /** Identifiers the client dropped with `unsubscribe_from`, in order. */
  get unsubscribedFrom(): string[] {
    return this.performed.filter((p) => p.action === ACTIONS.unsubscribe).map((p) => p.identifier)
  }

  /** Lets queued microtasks (auto connect) run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }

  /** Opens the connection: every channel gets `connected` (with `reconnected` after a drop). */
  connect(): void {
    this.isConnected = true
    this.connection.monitor.reconnectAttempts = 0
    const reconnected = this.everConnected
    this.everConnected = true
    for (const channel of [...this.channels]) this.connectChannel(channel, reconnected)
  }

  /** Drops the connection; every channel gets `disconnected`. Streams are lost, as on a server. */
  disconnect({ willAttemptReconnect = true }: { willAttemptReconnect?: boolean } = {}): void {
    this.isConnected = false
    for (const channel of [...this.channels]) {
      if (!channel.connected) continue
      channel.connected = false
      channel.streams.clear()
      channel.mixin.disconnected?.({ willAttemptReconnect })
    }
  }

  /** Rejects a channel subscription (default: the SyncChannel one). */
  reject(channel: FakeChannel | undefined = this.channel): void {
    if (!channel) return
    channel.unsubscribe()
    channel.mixin.rejected?.()
  }

  /** Sets an identifier's current version, as a commit on the server would. */
  setVersion(identifier: string, version: number): void {
    this.versions.set(identifier, version)
  }

  /** Answers `subscribe_to` with `subscribed` (version: given, else the identifier's current one). */
  replySubscribed(identifier: string, version: number | null = this.versions.get(identifier) ?? 0) {
    const channel = this.channel
    if (!channel?.connected) return
    channel.streams.add(identifier)
    const reply: Record<string, unknown> = { type: 'subscribed', identifier }
    if (version !== null) reply.version = version
    channel.mixin.received?.(reply)
  }

  /** Answers `subscribe_to` with an error. */
  replyError(identifier: string, code: SyncErrorCode, error = code.replace(/_/g, ' ')): void {
    const channel = this.channel
    if (!channel?.connected) return
    channel.mixin.received?.({ type: 'error', identifier, error, code })
  }

  /**
   * Broadcasts a marker to the identifier's stream, and records its version. Returns how many
   * channels received it (0 when nobody streams the identifier).
   */
  deliver(marker: Partial<SyncMarker> & { identifier: string }): number {
    const full: SyncMarker = {
      action: 'update',
      timestamp: Math.floor(Date.now() / 1000),
      ...marker,
    }
    if (full.version !== undefined) {
      this.versions.set(
        full.identifier,
        Math.max(full.version, this.versions.get(full.identifier) ?? 0),
      )
    }
    let count = 0
    for (const channel of [...this.channels]) {
      if (!channel.connected || !channel.streams.has(full.identifier)) continue
      channel.mixin.received?.(full)
      count++
    }
    return count
  }

  /** Sends anything on the channel, as the server's `transmit` would. */
  transmit(data: unknown): void {
    this.channel?.mixin.received?.(data)
  }

  private connectChannel(channel: FakeChannel, reconnected = false): void {
    this.isConnected = true
    this.everConnected = true
    channel.connected = true
    channel.mixin.connected?.({ reconnected })
  }
}

/** Creates a `FakeCable`. */
export function createFakeConsumer(options?: FakeCableOptions): FakeCable {
  return new FakeCable(options)
}
