import { router as inertiaRouter } from '@inertiajs/core'
import {
  onScopeDispose,
  readonly,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type ShallowRef,
} from 'vue'
import { bindMappings } from '../core/binding.js'
import type { SyncMappings } from '../core/mappings.js'
import type { SyncRegistry } from '../core/registry.js'
import { syncRegistry } from '../core/singleton.js'
import type { InertiaRouter, SyncStatus } from '../core/types.js'

export interface UseSyncOptions {
  /** Defaults to the shared `syncRegistry`. */
  registry?: SyncRegistry
}

export interface SyncWithRailsOptions extends UseSyncOptions {
  /**
   * Holds the sync reloads of these mappings' props while it returns true (a form with unsaved
   * input bound to the synced prop); the held reload is sent once it returns false. Reactive: it
   * is re-read whenever the state it reads changes.
   *
   * @example
   * syncWithRails(() => ({ [buildIdentifier('Task', props.task.id)]: 'task' }), {
   *   holdWhile: () => form.isDirty,
   * })
   */
  holdWhile?: () => boolean
}

/**
 * Keeps props in sync with Rails for the lifetime of the calling component (or effect scope).
 * Accepts mappings, a ref, or a getter; reactive sources re-subscribe when they change.
 *
 * @example
 * syncWithRails(() => ({
 *   'Account:all': 'accounts',
 *   [buildIdentifier('Account', props.selected_account?.id)]: 'selected_account',
 * }))
 */
export function syncWithRails(
  mappings: MaybeRefOrGetter<SyncMappings | null | undefined>,
  options: SyncWithRailsOptions = {},
): void {
  const registry = options.registry ?? syncRegistry
  const holdWhile = options.holdWhile
  const isHeld = holdWhile ? () => holdWhile() === true : null
  const router = inertiaRouter as unknown as InertiaRouter
  // `watch`, not `watchEffect`: binding asks `isHeld`, whose reactive reads must not re-bind.
  watch(
    () => toValue(mappings),
    (mapped, _previous, onCleanup) => onCleanup(bindMappings(registry, mapped, { router }, isHeld)),
    { immediate: true, deep: true },
  )
  // The hold may have ended: let the registry send what it held back.
  if (holdWhile) watch(holdWhile, () => registry.released())
}

/** The registry's status as a read-only shallow ref. */
export function useSyncStatus(options: UseSyncOptions = {}): Readonly<ShallowRef<SyncStatus>> {
  const registry = options.registry ?? syncRegistry
  const status = shallowRef(registry.getStatus())
  const off = registry.on('status', (next) => {
    status.value = next
  })
  onScopeDispose(off)
  return readonly(status) as Readonly<ShallowRef<SyncStatus>>
}

export { buildIdentifier } from '../core/identifier.js'
export { configure, syncRegistry } from '../core/singleton.js'
export type { SyncMappings } from '../core/mappings.js'
export type { SyncOptions, SyncStatus } from '../core/types.js'
