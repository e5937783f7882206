import { Emitter } from './emitter.js'
import { ACTIONS, isValidIdentifier } from './protocol.js'
import { ReleaseQueue } from './release-queue.js'
import { newSubscription, type Subscription } from './subscription.js'

export type ChannelAction = (typeof ACTIONS)[keyof typeof ACTIONS]

interface SubscriptionEvents {
  /** Send `action` for `identifier` to the server. */
  perform: { action: ChannelAction; identifier: string }
  changed: void
}

/**
 * The one writer of per-identifier state: reference-counted identifier → prop mappings, the
 * server's answer, and the highest version heard. Which props are stale is derived from it and
 * from the page's cursors (see pending-work.ts); nothing else keeps a copy.
 */
export class Subscriptions {
  private readonly entries = new Map<string, Subscription>()
  private readonly releasing = new ReleaseQueue<Subscription>((identifier) =>
    this.emitter.emit('perform', { action: ACTIONS.unsubscribe, identifier }),
  )
  private ticks = 0
  private readonly emitter = new Emitter<SubscriptionEvents>()
  readonly on = this.emitter.on.bind(this.emitter)

  constructor(private readonly maxSubscriptions: () => number) {}

  get size(): number {
    return this.entries.size
  }

  get(identifier: string): Subscription | undefined {
    return this.entries.get(identifier)
  }

  all(): IterableIterator<[string, Subscription]> {
    return this.entries.entries()
  }

  /** Adds one mapping, subscribing `identifier` on the server if it is new. */
  add(identifier: string, prop: string): Subscription {
    let entry = this.entries.get(identifier) ?? this.releasing.revive(identifier)
    if (entry) this.entries.set(identifier, entry)
    else {
      entry = newSubscription()
      this.entries.set(identifier, entry)
      if (!isValidIdentifier(identifier))
        this.refuse(entry, 'invalid_identifier', 'Malformed identifier')
      else if (this.serverCount() > this.maxSubscriptions()) {
        this.refuse(entry, 'limit_reached', 'Too many subscriptions in this tab')
      } else this.emitter.emit('perform', { action: ACTIONS.subscribe, identifier })
    }
    entry.props.set(prop, (entry.props.get(prop) ?? 0) + 1)
    this.emitter.emit('changed', undefined)
    return entry
  }

  /**
   * Drops one mapping: `unknown` if there was none, `gone` if it was the identifier's last (it is
   * then unsubscribed on the server at the end of the tick), `kept` otherwise.
   */
  remove(identifier: string, prop: string): 'unknown' | 'kept' | 'gone' {
    const entry = this.entries.get(identifier)
    const count = entry?.props.get(prop)
    if (!entry || count === undefined) return 'unknown'
    if (count > 1) entry.props.set(prop, count - 1)
    else entry.props.delete(prop)
    if (entry.props.size === 0) {
      this.entries.delete(identifier)
      if (!entry.local) this.releasing.add(identifier, entry)
    }
    this.emitter.emit('changed', undefined)
    return entry.props.size === 0 ? 'gone' : 'kept'
  }

  /** Forgets every mapping, without telling the server (the channel is being left). */
  clear(): void {
    this.entries.clear()
    this.releasing.clear()
    this.emitter.emit('changed', undefined)
  }

  /** The channel is up (again): every server-side subscription is sent anew. */
  resubscribeAll(isReconnect: boolean): void {
    for (const [identifier, entry] of this.entries) {
      if (entry.local) continue
      this.await(entry)
      entry.catchUp = isReconnect
      this.emitter.emit('perform', { action: ACTIONS.subscribe, identifier })
    }
    this.emitter.emit('changed', undefined)
  }

  /**
   * The channel dropped (every subscription awaits `subscribed` again), or the server was
   * interrupted (`keepErrors`: it re-sends `subscribed` only for what the socket follows, so those
   * it refused or ended stay as they are).
   */
  awaitAll({ keepErrors = false } = {}): void {
    for (const entry of this.entries.values()) {
      if (!entry.local && !(keepErrors && entry.state === 'error')) this.await(entry)
    }
    this.emitter.emit('changed', undefined)
  }

  /** The server confirmed `identifier` at `version`. */
  confirm(identifier: string, version: number | undefined): void {
    const entry = this.entries.get(identifier)
    if (!entry || entry.local) return
    entry.state = 'subscribed'
    delete entry.code
    delete entry.error
    if (version !== undefined) {
      entry.baseline ??= version
      this.hear(identifier, version)
    } else if (entry.catchUp) this.hear(identifier, null)
    entry.catchUp = false
    this.emitter.emit('changed', undefined)
  }

  /** The server refused `identifier`, or ended its subscription. */
  fail(identifier: string, code: string | undefined, error: string): void {
    const entry = this.entries.get(identifier)
    if (!entry || entry.local) return
    entry.state = 'error'
    entry.error = error
    if (code !== undefined) entry.code = code
    else delete entry.code
    this.emitter.emit('changed', undefined)
  }

  /** The server stopped streaming `identifier` though the tab still wants it: ask again. */
  renew(identifier: string): void {
    const entry = this.entries.get(identifier)
    if (!entry || entry.local || entry.state === 'pending') return
    this.await(entry)
    this.emitter.emit('perform', { action: ACTIONS.subscribe, identifier })
    this.emitter.emit('changed', undefined)
  }

  /** Asks the server for `identifier` again if the tab still awaits its answer; says if it did. */
  resend(identifier: string): boolean {
    const entry = this.entries.get(identifier)
    if (!entry || entry.local || entry.state !== 'pending') return false
    this.emitter.emit('perform', { action: ACTIONS.subscribe, identifier })
    return true
  }

  /** A change at `version` (null: unknown version, reload regardless). */
  hear(identifier: string, version: number | null): void {
    const entry = this.entries.get(identifier)
    if (!entry) return
    if (version === null) entry.forcedAt = ++this.ticks
    else entry.latest = entry.latest === null ? version : Math.max(entry.latest, version)
    this.emitter.emit('changed', undefined)
  }

  /** The current tick: a reload sent now covers every version-less change heard up to it. */
  get tick(): number {
    return this.ticks
  }

  /** A reload sent at `tick` refreshed every page prop of `identifier`. */
  settleForced(identifier: string, tick: number): void {
    const entry = this.entries.get(identifier)
    if (entry && entry.forcedAt !== 0 && entry.forcedAt <= tick) entry.forcedAt = 0
  }

  private await(entry: Subscription): void {
    entry.state = 'pending'
    delete entry.code
    delete entry.error
  }

  private refuse(entry: Subscription, code: string, error: string): void {
    Object.assign(entry, { state: 'error', code, error, local: true })
  }

  private serverCount(): number {
    let count = 0
    for (const entry of this.entries.values()) if (!entry.local) count++
    return count
  }
}
