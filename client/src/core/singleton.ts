import { SyncRegistry } from './registry.js'
import type { SyncOptions } from './types.js'

/** The registry every adapter uses unless given another. Creating it touches no browser API. */
export const syncRegistry = new SyncRegistry()

/**
 * Configures the shared `syncRegistry`: inject the Inertia `router`, optionally the app's Action
 * Cable `consumer` (or a `cableUrl`), and override what the server's `inertia_sync` prop says.
 *
 * @example
 * import { router } from '@inertiajs/svelte'
 * import consumer from './channels/consumer'
 * configure({ router, consumer })
 */
export function configure(options: SyncOptions): SyncRegistry {
  return syncRegistry.configure(options)
}
