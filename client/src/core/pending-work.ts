import type { PageCursors } from './page-cursors.js'
import type { Subscription } from './subscription.js'
import type { Subscriptions } from './subscriptions.js'
import type { IdentifierStatus } from './types.js'

/** What a sync reload sent now would have to refresh. */
export interface PendingWork {
  /** Prop paths of the current page that are behind a change the tab heard of. */
  props: string[]
  /** The identifiers that made them stale. */
  identifiers: string[]
}

/**
 * Whether a prop refreshed at `cursor` misses a change of `entry` the tab heard of. While no page
 * is known (`undefined`), props count as fresh at the first version the server confirmed.
 */
export function isBehind(entry: Subscription, cursor: number | null | undefined): boolean {
  if (entry.forcedAt !== 0) return true
  const at = cursor === undefined ? entry.baseline : cursor
  return entry.latest !== null && (at === null || entry.latest > at)
}

/** Which props of the page are stale, derived from the subscriptions and the page's cursors. */
export function pendingWork(
  subscriptions: Subscriptions,
  page: PageCursors,
  held: (prop: string) => boolean = () => false,
): PendingWork {
  const props = new Set<string>()
  const identifiers: string[] = []
  for (const [identifier, entry] of subscriptions.all()) {
    if (entry.local) continue
    let stale = false
    for (const prop of entry.props.keys()) {
      if (!page.has(prop) || held(prop) || !isBehind(entry, page.cursorOf(prop))) continue
      props.add(prop)
      stale = true
    }
    if (stale) identifiers.push(identifier)
  }
  return { props: [...props], identifiers }
}

/**
 * A reload sent at `tick` refreshed `props`: the version-less changes of each identifier whose
 * every page prop it refreshed are covered.
 */
export function settleCovered(
  subscriptions: Subscriptions,
  page: PageCursors,
  reload: { props: string[]; identifiers: string[]; plan: { tick: number } },
): void {
  for (const identifier of reload.identifiers) {
    const entry = subscriptions.get(identifier)
    if (!entry) continue
    const props = [...entry.props.keys()].filter((prop) => page.has(prop))
    if (props.every((prop) => reload.props.includes(prop))) {
      subscriptions.settleForced(identifier, reload.plan.tick)
    }
  }
}

/** Whether a marker at `version` is older than everything the page shows for `entry`. */
export function isStale(entry: Subscription, page: PageCursors, version: number): boolean {
  let any = false
  for (const prop of entry.props.keys()) {
    if (!page.has(prop)) continue
    any = true
    if (isBehind({ ...entry, forcedAt: 0, latest: version }, page.cursorOf(prop))) return false
  }
  return any
}

/** The public view of one subscription. `seen`: the oldest cursor of its props on the page. */
export function identifierStatus(entry: Subscription, page: PageCursors): IdentifierStatus {
  const status: IdentifierStatus = { state: entry.state, props: [...entry.props.keys()] }
  if (entry.code !== undefined) status.code = entry.code
  if (entry.error !== undefined) status.error = entry.error
  let seen: number | null | undefined
  for (const prop of entry.props.keys()) {
    if (!page.has(prop)) continue
    const cursor = page.cursorOf(prop) ?? null
    seen = cursor === null || seen === null ? null : Math.min(seen ?? cursor, cursor)
  }
  if (seen !== undefined && seen !== null) status.seen = seen
  return status
}
