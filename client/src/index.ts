export { SyncRegistry } from './core/registry.js'
export { syncRegistry, configure } from './core/singleton.js'
export { buildIdentifier } from './core/identifier.js'
export { mappingPairs, type SyncMappings } from './core/mappings.js'
export {
  ACTIONS,
  CHANNEL,
  ERROR_CODES,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_PATTERN,
  PAGE_PROP,
  PROTOCOL_VERSION,
  isSyncMarker,
  isSyncReply,
  isValidIdentifier,
  parseMessage,
  readPageProp,
  type ErrorReply,
  type InterruptedReply,
  type SubscribedReply,
  type SyncAction,
  type SyncErrorCode,
  type SyncMarker,
  type SyncMessage,
  type SyncPageProp,
  type SyncReply,
  type UnsubscribedReply,
} from './core/protocol.js'
export type {
  CableConsumer,
  CableSubscription,
  CableSubscriptionMixin,
  ConnectionState,
  DropReason,
  IdentifierState,
  IdentifierError,
  IdentifierStatus,
  InertiaPage,
  InertiaReloadOptions,
  InertiaRouter,
  SyncEventMap,
  SyncOptions,
  SyncStatus,
  ReloadStrategy,
} from './core/types.js'
export { SETTINGS, type Settings } from './core/settings.js'
