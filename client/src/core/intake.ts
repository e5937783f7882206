import type { ChannelListener } from './connection.js'
import type { Emitter } from './emitter.js'
import type { PageCursors } from './page-cursors.js'
import { identifierStatus, isStale } from './pending-work.js'
import { isSyncMarker, isSyncReply, type SyncMarker, type SyncReply } from './protocol.js'
import type { Subscriptions } from './subscriptions.js'
import type { DropReason, SyncEventMap } from './types.js'
import { UnavailableRetry } from './unavailable-retry.js'

/** Told what the intake accepted. */
export interface WorkListener {
  /** A marker made props stale; `spread`: its crowd hint, in ms. */
  markerAccepted(spread?: number): void
  /** A reply may have made props stale (a version heard with `subscribed`). */
  workChanged(): void
}

/**
 * Reads what `SyncChannel` transmits: replies to (un)subscribing, `interrupted`, and change
 * markers. Writes only through `Subscriptions`; says what it accepted with events.
 */
export class Intake implements ChannelListener {
  private readonly retry = new UnavailableRetry((identifier) =>
    this.subscriptions.resend(identifier),
  )

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly page: PageCursors,
    private readonly events: Emitter<SyncEventMap>,
    private readonly work: WorkListener,
    private readonly log: (...args: unknown[]) => void,
  ) {}

  /** Handles one message the channel received. */
  received(data: unknown): void {
    if (isSyncReply(data)) this.reply(data)
    else if (isSyncMarker(data)) this.marker(data)
    else this.drop(data, 'malformed')
  }

  /** Stops asking again for `unavailable` identifiers (the subscriptions are forgotten or re-sent). */
  clearRetries(): void {
    this.retry.clear()
  }

  private reply(reply: SyncReply): void {
    this.answer(reply)
    this.work.workChanged()
  }

  private answer(reply: SyncReply): void {
    if (reply.type === 'interrupted') {
      this.log('server interrupted: every identifier awaits subscribed')
      this.subscriptions.awaitAll({ keepErrors: true })
      return
    }
    const identifier = reply.identifier
    if (identifier === null || !this.subscriptions.get(identifier)) return
    if (reply.type === 'error' && reply.code === 'unavailable') {
      // Transient (the server's version store failed): still awaiting, asked again with backoff.
      this.log('subscription unavailable, asking again later', identifier)
      this.retry.schedule(identifier)
      return
    }
    this.retry.settle(identifier)
    if (reply.type === 'subscribed') {
      this.log('subscribed', identifier, reply.version)
      this.subscriptions.confirm(identifier, reply.version)
    } else if (reply.type === 'error') {
      this.log('subscription error', identifier, reply.code, reply.error)
      this.subscriptions.fail(identifier, reply.code, reply.error)
    } else if (reply.code !== undefined) {
      // Not asked for: the server ended the subscription (the user lost access).
      this.log('unsubscribed by the server', identifier, reply.code)
      this.subscriptions.fail(identifier, reply.code, 'Unsubscribed by the server')
    } else {
      // The answer to an unsubscribe_from this tab sent before it wanted the identifier again
      // is followed by the answer to its new subscribe_to; otherwise the stream is gone: ask again.
      this.subscriptions.renew(identifier)
    }
    const entry = this.subscriptions.get(identifier)
    if (entry)
      this.events.emit('subscription', { identifier, status: identifierStatus(entry, this.page) })
  }

  private marker(marker: SyncMarker): void {
    const entry = this.subscriptions.get(marker.identifier)
    if (!entry || entry.local) return this.drop(marker, 'not-subscribed')
    const version = marker.version ?? null
    const stale = version !== null && isStale(entry, this.page, version)
    // Heard even when the page shows it already: an older response landing later (an app's
    // reload sent before the change) makes its props stale again.
    this.subscriptions.hear(marker.identifier, version)
    if (stale) return this.drop(marker, 'stale')
    this.log('marker', marker.identifier, marker.action, version)
    this.events.emit('marker', { marker })
    this.work.markerAccepted(marker.spread)
  }

  private drop(message: unknown, reason: DropReason): void {
    this.log('dropped', reason, message)
    this.events.emit('drop', { message, reason })
  }
}
