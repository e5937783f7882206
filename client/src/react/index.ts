import { router as inertiaRouter } from '@inertiajs/core'
import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react'
import { bindMappings } from '../core/binding.js'
import { mappingPairs, mappingsKey, type SyncMappings } from '../core/mappings.js'
import type { SyncRegistry } from '../core/registry.js'
import { syncRegistry } from '../core/singleton.js'
import type { InertiaRouter, SyncStatus } from '../core/types.js'

/**
 * Mappings are bound when React commits (a layout effect), not after it paints: the registry
 * counts a page as rendered from the first task after the router showed it, and React runs
 * passive effects in a later task. On the server neither runs (and React 18 warns about layout
 * effects there).
 */
const useCommitEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect

export interface UseSyncOptions {
  /** Defaults to the shared `syncRegistry`. */
  registry?: SyncRegistry
}

export interface UseSyncWithRailsOptions extends UseSyncOptions {
  /**
   * Holds the sync reloads of these mappings' props while it returns true (a form with unsaved
   * input bound to the synced prop); the held reload is sent once it returns false. Read after
   * every render, so it may close over the component's state.
   *
   * @example
   * useSyncWithRails({ [buildIdentifier('Task', task.id)]: 'task' }, {
   *   holdWhile: () => form.isDirty,
   * })
   */
  holdWhile?: () => boolean
}

/**
 * Keeps props in sync with Rails while the component is mounted. Re-subscribes when the set of
 * identifiers changes (compared by value, so an inline object literal is fine).
 *
 * @example
 * useSyncWithRails({
 *   'Account:all': 'accounts',
 *   [buildIdentifier('Account', selected_account?.id)]: 'selected_account',
 * })
 */
export function useSyncWithRails(
  mappings: SyncMappings | null | undefined,
  options: UseSyncWithRailsOptions = {},
): void {
  const registry = options.registry ?? syncRegistry
  const key = mappingsKey(mappingPairs(mappings))
  // The latest render's hold: the registry asks it whenever it is about to reload.
  const holdWhile = useRef(options.holdWhile)
  holdWhile.current = options.holdWhile
  const holds = options.holdWhile !== undefined
  useCommitEffect(
    () =>
      bindMappings(
        registry,
        mappings,
        { router: inertiaRouter as unknown as InertiaRouter },
        holds ? () => holdWhile.current?.() === true : null,
      ),
    // `key` captures `mappings` by value
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [registry, key, holds],
  )
  // A render may have ended the hold: let the registry send what it held back.
  useEffect(() => {
    if (holds) registry.released()
  })
}

/** The registry's status; re-renders when it changes. */
export function useSyncStatus(options: UseSyncOptions = {}): SyncStatus {
  const registry = options.registry ?? syncRegistry
  return useSyncExternalStore(
    (onChange) => registry.on('status', onChange),
    () => registry.getStatus(),
    () => registry.getStatus(),
  )
}

export { buildIdentifier } from '../core/identifier.js'
export { configure, syncRegistry } from '../core/singleton.js'
export type { SyncMappings } from '../core/mappings.js'
export type { SyncOptions, SyncStatus } from '../core/types.js'
