import { type Entry, max, topLevel } from './entry.js'
import { readPageProp, type SyncPageProp } from './protocol.js'
import type { InertiaPage } from './types.js'

/** The page showing: which props it has, and the version cursor it was rendered at. */
export interface PageInfo {
  key: string
  props: Set<string>
  cursor: number | null
}

/** The props a visit asked for (empty `only`: all of them). */
export interface VisitScope {
  only: string[]
  except: string[]
}

/**
 * How a page arrived: a full render (every prop is fresh), an observation (nothing is known to be
 * fresh), or a partial visit that refreshed only some props.
 */
export type PageMode = 'render' | 'observe' | VisitScope

export function pageInfoOf(page: InertiaPage): { info: PageInfo; pageProp: SyncPageProp | null } {
  const pageProp = readPageProp(page.props)
  const info: PageInfo = {
    key: `${page.component} ${pathOf(page.url)}`,
    props: new Set(Object.keys(page.props ?? {})),
    cursor: pageProp?.cursor ?? null,
  }
  return { info, pageProp }
}

/** Whether `page` has `prop` (before any page is known, assume it does). */
export function pageHas(page: PageInfo | null, prop: string): boolean {
  return page === null || page.props.has(topLevel(prop))
}

/** Whether every prop of `entry` that the page has was refreshed. */
export function allReloaded(
  page: PageInfo | null,
  entry: Entry,
  reloaded: (prop: string) => boolean,
): boolean {
  for (const prop of entry.props.keys()) {
    if (pageHas(page, prop) && !reloaded(topLevel(prop))) return false
  }
  return true
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}

/**
 * Updates what each entry's props are known to reflect, for a page that arrived in `mode`
 * (`another`: it replaced a different page, so nothing older counts).
 */
export function recordSeen(
  info: PageInfo,
  mode: PageMode | 'another',
  entries: Iterable<Entry>,
): void {
  if (mode === 'another') {
    for (const entry of entries) entry.seen = info.cursor
  } else if (mode === 'render') {
    for (const entry of entries) entry.seen = info.cursor ?? entry.seen
  } else if (mode !== 'observe' && info.cursor !== null) {
    const only = new Set(mode.only.map(topLevel))
    const except = new Set(mode.except.map(topLevel))
    const reloaded = (prop: string) => (only.size === 0 || only.has(prop)) && !except.has(prop)
    for (const entry of entries) {
      if (allReloaded(info, entry, reloaded)) entry.seen = max(entry.seen, info.cursor)
    }
  }
}
