import { router as inertiaRouter } from '@inertiajs/core'
import { useEffect, useSyncExternalStore } from 'react'
import { bindMappings } from '../core/binding.js'
import { mappingPairs, mappingsKey, type SyncMappings } from '../core/mappings.js'
import type { SyncRegistry } from '../core/registry.js'
import { syncRegistry } from '../core/singleton.js'
import type { InertiaRouter, SyncStatus } from '../core/types.js'

export interface UseSyncOptions {
  /** Defaults to the shared `syncRegistry`. */
  registry?: SyncRegistry
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
  options: UseSyncOptions = {},
): void {
  const registry = options.registry ?? syncRegistry
  const key = mappingsKey(mappingPairs(mappings))
  useEffect(
    () => bindMappings(registry, mappings, { router: inertiaRouter as unknown as InertiaRouter }),
    // `key` captures `mappings` by value
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [registry, key],
  )
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
