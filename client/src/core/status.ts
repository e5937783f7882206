import { type Entry, identifierStatus } from './entry.js'
import { isBrowser } from './settings.js'
import type { ConnectionState, IdentifierStatus, SyncStatus } from './types.js'

/** What the status is built from. */
export interface StatusSources {
  connection: ConnectionState
  enabled: boolean
  entries: ReadonlyMap<string, Entry>
  /** Identifiers with reload work pending. */
  pending: Iterable<string>
  pageHas(prop: string): boolean
  reloads: number
  inFlight: boolean
  origin: string
}

export function buildStatus(sources: StatusSources): SyncStatus {
  const { entries } = sources
  const identifiers: Record<string, IdentifierStatus> = {}
  let subscribed = 0
  let answered = 0
  for (const [identifier, entry] of entries) {
    identifiers[identifier] = identifierStatus(entry)
    if (entry.state === 'subscribed') subscribed++
    if (entry.state !== 'pending') answered++
  }
  const pending = new Set<string>()
  for (const identifier of sources.pending) {
    for (const prop of entries.get(identifier)?.props.keys() ?? []) {
      if (sources.pageHas(prop)) pending.add(prop)
    }
  }
  return Object.freeze({
    connection: sources.connection,
    enabled: sources.enabled,
    identifiers: Object.freeze(identifiers),
    subscribed,
    total: entries.size,
    ready: sources.connection === 'connected' && answered === entries.size,
    reloads: sources.reloads,
    inFlight: sources.inFlight ? 1 : 0,
    pending: [...pending],
    origin: sources.origin,
  })
}

export function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** `<html data-sync-*>`: lets browser tests wait for the sync state instead of sleeping. */
export function reflectOnDocument(status: SyncStatus): void {
  if (!isBrowser()) return
  const root = document.documentElement.dataset
  root.syncConnection = status.connection
  root.syncSubscriptions = `${status.subscribed}/${status.total}`
  root.syncReady = String(status.ready)
  root.syncReloads = String(status.reloads)
}

/**
 * Holds the status snapshot: the same object until something changes, and on a change,
 * `publish` (the `status` event, `<html data-sync-*>`) only if it really differs.
 */
export class StatusSnapshot {
  private snapshot: SyncStatus | null = null

  constructor(
    private readonly build: () => SyncStatus,
    private readonly publish: (status: SyncStatus) => void,
  ) {}

  get(): SyncStatus {
    return (this.snapshot ??= this.build())
  }

  /** Something changed that `changed()` will not be called for right away. */
  invalidate(): void {
    this.snapshot = null
  }

  changed(): void {
    const previous = this.snapshot
    this.snapshot = null
    const status = this.get()
    if (previous && sameStatus(previous, status)) {
      this.snapshot = previous
      return
    }
    this.publish(status)
  }
}
