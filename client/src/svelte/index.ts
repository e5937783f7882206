export {
  syncStatus,
  syncWithRails,
  type ReactiveSyncStatus,
  type SyncWithRailsOptions,
} from './sync.svelte.js'
export { buildIdentifier } from '../core/identifier.js'
export { configure, syncRegistry } from '../core/singleton.js'
export { SyncRegistry } from '../core/registry.js'
export type { SyncMappings } from '../core/mappings.js'
export type { SyncMessage, SyncMarker } from '../core/protocol.js'
export type { SyncOptions, SyncStatus, ConnectionState } from '../core/types.js'
