import type { Emitter } from './emitter.js'
import { type Entry, identifierStatus, max } from './entry.js'
import { isSyncMarker, isSyncReply, type SyncMarker, type SyncReply } from './protocol.js'
import type { SyncEventMap } from './types.js'

/** What a reply or marker may read and change. */
export interface IntakeContext {
  readonly entries: ReadonlyMap<string, Entry>
  readonly emitter: Emitter<SyncEventMap>
  /** This tab's origin: markers carrying it are this tab's own writes. */
  readonly origin: string
  userVisitActive(): boolean
  markDirty(identifier: string, version: number | null): void
  log(...args: unknown[]): void
  changed(): void
}

/** Handles one message from `SyncChannel`: a reply to (un)subscribing, or a change marker. */
export function receiveMessage(context: IntakeContext, data: unknown): void {
  if (isSyncReply(data)) receiveReply(context, data)
  else if (isSyncMarker(data)) receiveMarker(context, data)
  else drop(context, data, 'malformed')
}

function receiveReply(context: IntakeContext, reply: SyncReply): void {
  const entry = reply.identifier === null ? undefined : context.entries.get(reply.identifier)
  if (!entry || reply.identifier === null) return
  const identifier = reply.identifier
  if (reply.type === 'subscribed') {
    entry.state = 'subscribed'
    delete entry.code
    delete entry.error
    const version = reply.version
    if (version !== undefined) entry.latest = max(entry.latest, version)
    // A version past what the page shows (or, without versions, a reconnect) means missed changes.
    const moved =
      version !== undefined && entry.seen !== null ? version > entry.seen : entry.catchUp
    entry.catchUp = false
    context.log('subscribed', identifier, version, moved ? '(moved: reload)' : '')
    if (moved) context.markDirty(identifier, version ?? null)
  } else if (reply.type === 'error') {
    entry.state = 'error'
    entry.error = reply.error
    if (reply.code !== undefined) entry.code = reply.code
    context.log('subscription error', identifier, reply.code, reply.error)
  } else {
    return
  }
  context.changed()
  context.emitter.emit('subscription', { identifier, status: identifierStatus(entry) })
}

function receiveMarker(context: IntakeContext, marker: SyncMarker): void {
  // This tab's own write: the visit that made it brings the new data (its response's cursor
  // covers the marker's version), so no reload. A write of ours that no visit covers (a job the
  // request enqueued, committing later) goes through the version check like anyone else's.
  const own = marker.origin !== undefined && marker.origin === context.origin
  if (own && (context.userVisitActive() || marker.version === undefined)) {
    return drop(context, marker, 'own-origin')
  }
  const entry = context.entries.get(marker.identifier)
  if (!entry || entry.local) return drop(context, marker, 'not-subscribed')
  const version = marker.version ?? null
  if (version !== null && entry.seen !== null && version <= entry.seen) {
    return drop(context, marker, 'stale')
  }
  entry.latest = max(entry.latest, version)
  context.log('marker', marker.identifier, marker.action, version)
  context.emitter.emit('marker', { marker })
  context.markDirty(marker.identifier, version)
  context.changed()
}

function drop(context: IntakeContext, message: unknown, reason: SyncEventMap['drop']['reason']) {
  context.log('dropped', reason, message)
  context.emitter.emit('drop', { message, reason })
}
