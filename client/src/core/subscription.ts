import type { IdentifierState } from './types.js'

/** What the tab knows about one identifier it follows. */
export interface Subscription {
  /** prop path → how many mappings (components) want it */
  readonly props: Map<string, number>
  state: IdentifierState
  code?: string
  error?: string
  /** Highest version heard of, from a marker or a `subscribed` reply. */
  latest: number | null
  /** The first version the server confirmed: what props count as fresh at while no page is known. */
  baseline: number | null
  /** Set by a change of unknown version: the tick of the last one, 0 when none is pending. */
  forcedAt: number
  /** Set on reconnect: a version-less `subscribed` reply then means "anything may have changed". */
  catchUp: boolean
  /** Refused locally (over `maxSubscriptions`, malformed): never sent to the server. */
  local: boolean
}

/** A subscription the server has not answered yet. */
export function newSubscription(): Subscription {
  return {
    props: new Map(),
    state: 'pending',
    latest: null,
    baseline: null,
    forcedAt: 0,
    catchUp: false,
    local: false,
  }
}
