import type { IdentifierState, IdentifierStatus } from './types.js'

/** What the registry knows about one subscribed identifier. */
export interface Entry {
  /** prop name → how many mappings (components) want it */
  props: Map<string, number>
  state: IdentifierState
  code?: string
  error?: string
  /** Highest version the page's props for this identifier are known to reflect. */
  seen: number | null
  /** Highest version heard of, from a marker or a `subscribed` reply. */
  latest: number | null
  /** Set on reconnect: the `subscribed` reply decides whether anything was missed. */
  catchUp: boolean
  /** Refused locally (over `maxSubscriptions`, malformed): never sent to the server. */
  local: boolean
}

/** `selected_account.users` → `selected_account`: partial reloads work on top-level props. */
export const topLevel = (prop: string) => prop.split('.')[0] ?? prop

/** The larger of two versions, where null / undefined means "unknown". */
export const max = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null ? (b ?? null) : b == null ? a : Math.max(a, b)

export function identifierStatus(entry: Entry): IdentifierStatus {
  const status: IdentifierStatus = { state: entry.state, props: [...entry.props.keys()] }
  if (entry.code !== undefined) status.code = entry.code
  if (entry.error !== undefined) status.error = entry.error
  if (entry.seen !== null) status.seen = entry.seen
  return status
}
