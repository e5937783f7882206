import { readServerSettings, type ServerSettings } from './settings.js'

/**
 * The wire protocol (version 2), mirrored from `contract/protocol.json` and `docs/protocol.md`.
 * The contract test in `test/contract.test.ts` fails when these drift from the fixture.
 */

export const PROTOCOL_VERSION = 2

/** The Action Cable channel every tab subscribes to once. */
export const CHANNEL = 'SyncChannel'

/** The always-included Inertia page prop holding the cursor and the server's configuration. */
export const PAGE_PROP = 'inertia_sync'

export const IDENTIFIER_PATTERN =
  /^[A-Z][A-Za-z0-9]*(::[A-Z][A-Za-z0-9]*)*:(all|[A-Za-z0-9_-]{1,64})(\/[a-z_][a-z0-9_]{0,63})?$/

export const IDENTIFIER_MAX_LENGTH = 200

export const ACTIONS = { subscribe: 'subscribe_to', unsubscribe: 'unsubscribe_from' } as const

export const ERROR_CODES = [
  'invalid_identifier',
  'unknown_model',
  'unknown_collection',
  'all_not_declared',
  'unauthorized',
  'limit_reached',
  'rate_limited',
  'disabled',
  'unknown_action',
  'unavailable',
] as const

export type SyncErrorCode = (typeof ERROR_CODES)[number]

export type SyncAction = 'create' | 'update' | 'destroy'

/** A change marker broadcast on the identifier's stream. Carries no record data. */
export interface SyncMarker {
  identifier: string
  action: SyncAction
  /** Unix seconds of the commit. Use `version` for ordering. */
  timestamp: number
  /** The identifier's version after this change (absent from servers that keep no versions). */
  version?: number
  /**
   * When many tabs follow the identifier: wait a random delay in `[0, spread)` ms before reloading,
   * so a crowd's reloads reach the server spread out.
   */
  spread?: number
}

export interface SubscribedReply {
  type: 'subscribed'
  identifier: string
  /** The identifier's current version (0 if it never changed). */
  version?: number
}

export interface UnsubscribedReply {
  type: 'unsubscribed'
  identifier: string
  /** Present when the server ended the subscription on its own (the user lost access). */
  code?: SyncErrorCode | (string & {})
}

/** The server lost its pub/sub or version store: every identifier awaits `subscribed` again. */
export interface InterruptedReply {
  type: 'interrupted'
}

export interface ErrorReply {
  type: 'error'
  identifier: string | null
  /** A sentence for people. */
  error: string
  /** Machine-readable reason; unknown codes from newer servers are passed through. */
  code?: SyncErrorCode | (string & {})
}

export type SyncReply = SubscribedReply | UnsubscribedReply | ErrorReply | InterruptedReply

/**
 * Anything the server transmits on the channel: a reply to `subscribe_to` / `unsubscribe_from`,
 * or a change marker.
 */
export type SyncMessage = SyncReply | SyncMarker

/** The `inertia_sync` page prop: the response's cursor and the server's settings. */
export type SyncPageProp = ServerSettings & { cursor?: number | null }

/** Whether `value` is a well-formed identifier (`Model:id`, `Model:all`, `Model:id/collection`). */
export function isValidIdentifier(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= IDENTIFIER_MAX_LENGTH &&
    IDENTIFIER_PATTERN.test(value)
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isSpread(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

export function isSyncMarker(value: unknown): value is SyncMarker {
  return (
    isObject(value) &&
    value.type === undefined &&
    typeof value.identifier === 'string' &&
    (value.action === 'create' || value.action === 'update' || value.action === 'destroy') &&
    typeof value.timestamp === 'number' &&
    (value.version === undefined || isVersion(value.version)) &&
    (value.spread === undefined || isSpread(value.spread))
  )
}

export function isSyncReply(value: unknown): value is SyncReply {
  if (!isObject(value)) return false
  switch (value.type) {
    case 'subscribed':
      return (
        typeof value.identifier === 'string' &&
        (value.version === undefined || isVersion(value.version))
      )
    case 'unsubscribed':
      return (
        typeof value.identifier === 'string' &&
        (value.code === undefined || typeof value.code === 'string')
      )
    case 'interrupted':
      return true
    case 'error':
      return (
        (typeof value.identifier === 'string' || value.identifier === null) &&
        typeof value.error === 'string' &&
        (value.code === undefined || typeof value.code === 'string')
      )
    default:
      return false
  }
}

/** Parses what the channel received; `null` for anything that is neither a reply nor a marker. */
export function parseMessage(value: unknown): SyncMessage | null {
  if (isSyncReply(value) || isSyncMarker(value)) return value
  return null
}

/** Reads the `inertia_sync` prop of an Inertia page's props, ignoring malformed fields. */
export function readPageProp(props: unknown): SyncPageProp | null {
  if (!isObject(props)) return null
  const raw = props[PAGE_PROP]
  if (!isObject(raw)) return null
  const result: SyncPageProp = readServerSettings(raw)
  if (isVersion(raw.cursor)) result.cursor = raw.cursor
  return result
}
