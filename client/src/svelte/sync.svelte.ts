import { page as inertiaPage, router as inertiaRouter } from '@inertiajs/svelte'
import { untrack } from 'svelte'
import { createSubscriber } from 'svelte/reactivity'
import { bindMappings } from '../core/binding.js'
import type { SyncMappings } from '../core/mappings.js'
import type { SyncRegistry } from '../core/registry.js'
import { syncRegistry } from '../core/singleton.js'
import type { ConnectionState, InertiaPage, InertiaRouter, SyncStatus } from '../core/types.js'

export interface SyncWithRailsOptions {
  /** Defaults to the shared `syncRegistry`. */
  registry?: SyncRegistry
  /**
   * Holds the sync reloads of these mappings' props while it returns true (a form with unsaved
   * input bound to the synced prop); the held reload is sent once it returns false. Reactive: it
   * is re-read whenever the state it reads changes.
   *
   * @example
   * syncWithRails(() => ({ [buildIdentifier('Task', task.id)]: 'task' }), {
   *   holdWhile: () => title !== task.title,
   * })
   */
  holdWhile?: () => boolean
}

const inertia = {
  router: inertiaRouter as unknown as InertiaRouter,
  page: () => inertiaPage as unknown as InertiaPage | undefined,
}

/**
 * Keeps props in sync with Rails while the calling component lives. Call it during component
 * initialisation.
 *
 * Pass an object (identifier → prop name) for mappings fixed at init, as in
 * `syncWithRails({ 'Account:all': 'accounts' })`, or a function returning one to follow reactive
 * identifiers: when the selected account changes, the old identifiers are unsubscribed and the
 * new ones subscribed. Keys built from a missing id (`buildIdentifier` returned `null`) are skipped.
 *
 * @example
 * let { accounts, selected_account } = $props()
 * syncWithRails(() => ({
 *   'Account:all': 'accounts',
 *   [buildIdentifier('Account', selected_account?.id)]: 'selected_account',
 * }))
 */
export function syncWithRails(
  mappings: SyncMappings | (() => SyncMappings | null | undefined),
  options: SyncWithRailsOptions = {},
): void {
  const registry = options.registry ?? syncRegistry
  const read = typeof mappings === 'function' ? mappings : () => mappings
  const holdWhile = options.holdWhile
  const isHeld = holdWhile ? () => untrack(holdWhile) === true : null

  $effect(() => {
    const mapped = read()
    return untrack(() => bindMappings(registry, mapped, inertia, isHeld))
  })

  if (holdWhile) {
    // The hold may have ended: let the registry send what it held back.
    $effect(() => {
      holdWhile()
      untrack(() => registry.released())
    })
  }
}

/** Reactive sync status for templates; every field is a getter that tracks changes. */
export interface ReactiveSyncStatus {
  readonly connection: ConnectionState
  readonly connected: boolean
  readonly ready: boolean
  readonly reloads: number
  readonly subscribed: number
  readonly total: number
  /** The whole status snapshot. */
  readonly current: SyncStatus
}

/**
 * The registry's status, readable reactively in templates and effects.
 *
 * @example
 * const sync = syncStatus()
 * // {#if sync.connection !== 'connected'}<p>Live updates paused</p>{/if}
 */
export function syncStatus(registry: SyncRegistry = syncRegistry): ReactiveSyncStatus {
  const track = createSubscriber((update) => registry.on('status', update))
  const read = () => {
    track()
    return registry.getStatus()
  }
  return {
    get connection() {
      return read().connection
    },
    get connected() {
      return read().connection === 'connected'
    },
    get ready() {
      return read().ready
    },
    get reloads() {
      return read().reloads
    },
    get subscribed() {
      return read().subscribed
    },
    get total() {
      return read().total
    },
    get current() {
      return read()
    },
  }
}
