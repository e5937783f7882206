import type { PageCursors } from './page-cursors.js'
import { identifierStatus, type PendingWork } from './pending-work.js'
import { isBrowser } from './settings.js'
import type { Subscriptions } from './subscriptions.js'
import type { ConnectionState, IdentifierError, IdentifierStatus, SyncStatus } from './types.js'

/** What the status is derived from. */
export interface StatusSources {
  connection: ConnectionState
  enabled: boolean
  subscriptions: Subscriptions
  page: PageCursors
  pending: PendingWork
  reloads: number
  inFlight: boolean
  failures: number
  /** The page showing may still change (rendering, or a user visit in flight): see page-settling.ts. */
  settling: boolean
}

/** The status, derived from the registry's state (nothing in it is stored anywhere else). */
export function buildStatus(sources: StatusSources): SyncStatus {
  const identifiers: Record<string, IdentifierStatus> = {}
  const errors: IdentifierError[] = []
  let subscribed = 0
  for (const [identifier, entry] of sources.subscriptions.all()) {
    identifiers[identifier] = identifierStatus(entry, sources.page)
    if (entry.state === 'subscribed') subscribed++
    if (entry.state === 'error') errors.push(errorOf(identifier, entry))
  }
  const retrying = sources.failures > 0 && sources.pending.props.length > 0
  const settled = sources.pending.props.length === 0 && !sources.inFlight && !sources.settling
  const ready = followed(sources, subscribed) && settled
  return Object.freeze({
    connection: sources.connection,
    enabled: sources.enabled,
    identifiers: Object.freeze(identifiers),
    subscribed,
    total: sources.subscriptions.size,
    ready,
    state: ready ? 'ready' : errors.length > 0 ? 'error' : 'syncing',
    errors: Object.freeze(errors),
    reloads: sources.reloads,
    inFlight: sources.inFlight ? 1 : 0,
    pending: sources.pending.props,
    retrying,
    failures: sources.failures,
  })
}

/**
 * Whether everything the page follows is followed live. A page that follows nothing needs no
 * socket: no marker can make what it shows stale, and the identifiers of the next page are
 * subscribed afresh, each with its current version, so nothing missed meanwhile is lost. It is
 * only known to follow nothing once a page is known (the first page's components may not have
 * run yet).
 */
function followed(sources: StatusSources, subscribed: number): boolean {
  const total = sources.subscriptions.size
  if (total === 0) return sources.page.page !== null
  return sources.connection === 'connected' && subscribed === total
}

/** `<html data-sync-*>`: lets browser tests wait for the sync state instead of sleeping. */
export function reflectOnDocument(status: SyncStatus): void {
  if (!isBrowser()) return
  const root = document.documentElement.dataset
  root.syncConnection = status.connection
  root.syncSubscriptions = `${status.subscribed}/${status.total}`
  root.syncReady = String(status.ready)
  root.syncReloads = String(status.reloads)
  root.syncState = status.state
  root.syncErrors = (status.errors ?? []).map(describeError).join(', ')
}

/** `Account:PNvAYr (unauthorized)`: how an error reads in `data-sync-errors` and messages. */
export function describeError(error: IdentifierError): string {
  return `${error.identifier} (${error.code ?? error.error})`
}

function errorOf(identifier: string, entry: { code?: string; error?: string }): IdentifierError {
  const error: IdentifierError = { identifier, error: entry.error ?? 'Refused' }
  if (entry.code !== undefined) error.code = entry.code
  return error
}
