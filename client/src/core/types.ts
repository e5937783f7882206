import type { PrefetchInvalidation } from './features/prefetch.js'
import type { CableConsumer } from './cable-types.js'
import type { InertiaPage, InertiaReloadOptions, InertiaRouter } from './inertia-types.js'
import type { SyncErrorCode, SyncMarker } from './protocol.js'

/** The public types: the status, the events and the options; the host shapes are re-exported. */
export type * from './cable-types.js'
export type * from './inertia-types.js'

export type ConnectionState =
  'idle' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'rejected'

export type IdentifierState = 'pending' | 'subscribed' | 'error'

export interface IdentifierStatus {
  state: IdentifierState
  /** The props of the current page that depend on this identifier. */
  props: string[]
  /** Set when `state` is `error`. */
  code?: SyncErrorCode | (string & {})
  error?: string
  /** The highest version this tab's props are known to reflect. */
  seen?: number
}

/** An identifier that is not kept fresh, and why. */
export interface IdentifierError {
  identifier: string
  code?: SyncErrorCode | (string & {})
  error: string
}

/** A snapshot of the registry's state; a new object after every change. */
export interface SyncStatus {
  connection: ConnectionState
  /** False when the server (page prop `inertia_sync.enabled`) or `configure` turned sync off. */
  enabled: boolean
  identifiers: Readonly<Record<string, IdentifierStatus>>
  /** Identifiers the server confirmed. */
  subscribed: number
  /** Identifiers this tab wants. */
  total: number
  /**
   * True only when the tab is known to be fresh: connected, every identifier subscribed on the
   * server, no prop pending, no sync reload in flight or waiting to be retried, the page showing
   * rendered and no visit about to change it. A page that follows nothing is ready once rendered,
   * with or without a socket. An identifier the server refused (or ended) keeps the tab not ready:
   * its props are not kept fresh.
   */
  ready: boolean
  /**
   * `ready` as above; `error` while an identifier is refused (see `errors`): waiting for `ready`
   * is then pointless until the app subscribes differently; `syncing` otherwise.
   */
  state: 'ready' | 'error' | 'syncing'
  /** The identifiers refused by the server (or over the tab's limit, or malformed). */
  errors: ReadonlyArray<IdentifierError>
  /** Sync reloads started. */
  reloads: number
  /** Sync reloads in flight (0 or 1). */
  inFlight: number
  /** Props waiting for the next sync reload (including those held or waiting for a retry). */
  pending: string[]
  /** The last sync reload failed; it is retried with backoff. */
  retrying: boolean
  /** Sync reloads that failed in a row (0 after one succeeds). */
  failures: number
}

export type DropReason = 'stale' | 'not-subscribed' | 'malformed'

export interface SyncEventMap {
  /** Any change of the status snapshot. */
  status: SyncStatus
  connection: { state: ConnectionState; previous: ConnectionState }
  subscription: { identifier: string; status: IdentifierStatus | null }
  /** A marker was accepted (its props are now pending). */
  marker: { marker: SyncMarker }
  /** A marker (or other message) was dropped. */
  drop: { message: unknown; reason: DropReason }
  /** A sync reload was sent. */
  reload: { props: string[]; identifiers: string[] }
  /** A sync reload ended. `outcome` is `cancelled` when a user visit or navigation took over. */
  reloaded: {
    props: string[]
    identifiers: string[]
    /** `failed`: an error response, a network error, or no finish before `reloadTimeoutMs`. */
    outcome: 'applied' | 'cancelled' | 'failed'
    cursor: number | null
  }
}

/**
 * Options for `configure()` / `new SyncRegistry()`. Explicit values override what the server sends
 * in the `inertia_sync` page prop, which overrides the defaults.
 */
export interface SyncOptions {
  /** The Inertia router. The Svelte adapter defaults to `router` from `@inertiajs/svelte`. */
  router?: InertiaRouter
  /** The app's Action Cable consumer. Without it one is created lazily with `createConsumer`. */
  consumer?: CableConsumer
  /** URL for the lazily created consumer (default: Action Cable's `action-cable-url` meta / `/cable`). */
  cableUrl?: string
  /** Leading edge: the first marker after a quiet period reloads after this long, in ms. Default 30. */
  collectMs?: number
  /** Trailing debounce for markers that keep coming after the leading reload, in ms. Default 300. */
  debounceMs?: number
  /** Longest a pending prop waits while markers keep arriving, in ms. Server default 1000. */
  maxWaitMs?: number
  /** Most identifiers this tab subscribes to; beyond it identifiers get `limit_reached`. */
  maxSubscriptions?: number
  /** Consecutive failed reconnects before the connection is reported `failed`. Also accepted as `maxReconnectAttempts`. */
  reconnectAttempts?: number
  /** @deprecated The old name of `reconnectAttempts`. */
  maxReconnectAttempts?: number
  /** Turn sync off on this side (the server can turn it off with `inertia_sync.enabled`). */
  enabled?: boolean
  /** Hold reloads while the tab is hidden; one catch-up reload when it is visible again. Default true. */
  pauseWhenHidden?: boolean
  /** Reflect the status on `<html data-sync-*>` for browser tests. Default true. */
  domAttributes?: boolean
  /** Log to the console (`console.debug`). Default false. */
  debug?: boolean
  /**
   * A sync reload with no finish event after this long is treated as failed (and aborted), in ms;
   * ten times a marker's `spread` longer for a crowd. Default 15000.
   */
  reloadTimeoutMs?: number
  /** First retry delay after a failed sync reload, doubling up to `retryMaxMs`. Default 1000. */
  retryBaseMs?: number
  /** Longest delay between retries of a failed sync reload, in ms. Default 30000. */
  retryMaxMs?: number
  /**
   * Adjusts the options of each sync reload (a seam for props that must reload differently, such
   * as merge or infinite-scroll props). Receives the options the registry built and the page.
   */
  reloadStrategy?: ReloadStrategy
  /**
   * What an accepted marker does to Inertia's prefetch cache: `tags` (default) flushes prefetches
   * tagged with the marker's identifier or its record's, `all` flushes every prefetched page,
   * `off` leaves the cache alone.
   */
  prefetchInvalidation?: PrefetchInvalidation
}

/** See `SyncOptions.reloadStrategy`. Must keep `only` a subset of what it was given. */
export type ReloadStrategy = (
  options: InertiaReloadOptions,
  page: InertiaPage | null,
) => InertiaReloadOptions
