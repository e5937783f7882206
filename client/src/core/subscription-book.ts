import type { ChannelAction } from './cable-link.js'
import type { Entry } from './entry.js'
import { ACTIONS, isValidIdentifier } from './protocol.js'

/** What the book needs from the registry. */
export interface SubscriptionBookHost {
  maxSubscriptions(): number
  /** The cursor of the page showing: a new subscription's props reflect it. */
  cursor(): number | null
  /** Sends to the server if the channel is up (otherwise `connected` re-sends every entry). */
  perform(action: ChannelAction, identifier: string): void
  /** Drops an identifier's pending reload work. */
  forget(identifier: string): void
}

/**
 * Reference-counted identifier → prop mappings, and which identifiers are subscribed on the
 * server. Refused identifiers (malformed, over `maxSubscriptions`) are kept locally, as errors.
 */
export class SubscriptionBook {
  readonly entries = new Map<string, Entry>()
  /** Entries whose last mapping went away this tick; revived if re-subscribed before the release. */
  private readonly releasing = new Map<string, Entry>()
  private releaseScheduled = false

  constructor(private readonly host: SubscriptionBookHost) {}

  /** Adds one mapping, subscribing `identifier` on the server if it is new. */
  add(identifier: string, propName: string): Entry {
    let entry = this.entries.get(identifier)
    if (!entry) {
      entry = this.releasing.get(identifier)
      if (entry) {
        this.releasing.delete(identifier)
      } else {
        entry = {
          props: new Map(),
          state: 'pending',
          seen: this.host.cursor(),
          latest: null,
          catchUp: false,
          local: false,
        }
        if (!isValidIdentifier(identifier)) {
          Object.assign(entry, { state: 'error', code: 'invalid_identifier', local: true })
          entry.error = 'Malformed identifier'
        } else if (this.serverCount() >= this.host.maxSubscriptions()) {
          Object.assign(entry, { state: 'error', code: 'limit_reached', local: true })
          entry.error = 'Too many subscriptions in this tab'
        } else {
          this.host.perform(ACTIONS.subscribe, identifier)
        }
      }
      this.entries.set(identifier, entry)
    }
    entry.props.set(propName, (entry.props.get(propName) ?? 0) + 1)
    return entry
  }

  /**
   * Drops one mapping: `unknown` if there was no such mapping, `gone` if it was the identifier's
   * last (it is then unsubscribed on the server at the end of the tick), `kept` otherwise.
   */
  remove(identifier: string, propName: string): 'unknown' | 'kept' | 'gone' {
    const entry = this.entries.get(identifier)
    if (!entry) return 'unknown'
    const count = entry.props.get(propName)
    if (count === undefined) return 'unknown'
    if (count > 1) entry.props.set(propName, count - 1)
    else entry.props.delete(propName)
    if (entry.props.size > 0) return 'kept'

    this.entries.delete(identifier)
    if (entry.local) {
      this.host.forget(identifier)
    } else {
      // Its pending work no longer counts (flush only reads live entries), but survives a
      // re-subscribe in the same tick, as when an effect re-runs with a changed mapping.
      this.releasing.set(identifier, entry)
      this.scheduleRelease()
    }
    return 'gone'
  }

  /** Forgets every mapping, without telling the server (the channel is being left). */
  clear(): void {
    this.entries.clear()
    this.releasing.clear()
  }

  /** The channel is up (again): every server-side subscription is sent anew. */
  resubscribeAll(isReconnect: boolean): void {
    for (const [identifier, entry] of this.entries) {
      if (entry.local) continue
      entry.state = 'pending'
      delete entry.code
      delete entry.error
      entry.catchUp = isReconnect
      this.host.perform(ACTIONS.subscribe, identifier)
    }
  }

  /** The channel dropped: every server-side subscription waits for the server again. */
  markAllPending(): void {
    for (const entry of this.entries.values()) if (!entry.local) entry.state = 'pending'
  }

  private serverCount(): number {
    let count = 0
    for (const entry of this.entries.values()) if (!entry.local) count++
    return count
  }

  private scheduleRelease(): void {
    if (this.releaseScheduled) return
    this.releaseScheduled = true
    void Promise.resolve().then(() => {
      this.releaseScheduled = false
      for (const identifier of this.releasing.keys()) {
        this.host.forget(identifier)
        this.host.perform(ACTIONS.unsubscribe, identifier)
      }
      this.releasing.clear()
    })
  }
}
