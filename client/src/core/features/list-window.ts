import type { Arrival } from '../page-cursors.js'
import { refreshedPaths, topLevel } from '../prop-path.js'
import type { InertiaPage, InertiaVisit } from '../types.js'
import { listPropOf } from './list-props.js'

/**
 * The window of a list prop: the requests whose responses built what the page shows of a prop
 * Inertia merges (`InertiaRails.merge`, `deep_merge`, `scroll`), since it was last replaced
 * whole (a full visit, a reset, a response that did not merge it). Refetching the window and
 * composing its responses in order (features/list-merge.ts) rebuilds the list as the user built
 * it, every loaded page fresh, with no page twice.
 */

/** One request of a window: a GET of `url` with the headers the visit added. */
export interface WindowEntry {
  url: string
  /** The visit's own headers (InfiniteScroll's merge intent, the app's): sent again as they were. */
  headers: Record<string, string>
}

/** The most requests a window keeps: beyond, the list is reloaded from the current URL only. */
export const MAX_WINDOW = 10

/** Visits whose request is kept at most (the window learns a request at its response). */
const MAX_REQUESTS = 50

/** Why a list prop has no usable window. */
export type NoWindow =
  /** Shown from history, or merged by a response sync did not see start: pages unknown. */
  | 'unknown'
  /** More than `MAX_WINDOW` requests built it. */
  | 'overflow'

interface Request extends WindowEntry {
  get: boolean
  partial: boolean
  /** The order visits started in. */
  seq: number
  /** Its response was counted (the router reports a page more than once: navigate, success). */
  counted?: boolean
}

/** The page fields Inertia 2.x and 3.x use for merge metadata. */
interface MergeMetadata {
  mergeProps?: string[]
  prependProps?: string[]
  deepMergeProps?: string[]
}

/** Per top-level list prop of the page showing, its window (or why it has none). */
export class ListWindows {
  private readonly requests = new Map<string, Request>()
  private readonly windows = new Map<string, WindowEntry[] | NoWindow>()
  private pageKey: string | null = null
  private seq = 0
  /**
   * The windows before the last page shown without a response. Inertia 2.x reports a visit's
   * page without the visit (it looks restored) and only then finishes the visit: its response
   * brings them back.
   */
  private beforeRestore: { seq: number; windows: Map<string, WindowEntry[] | NoWindow> } | null =
    null

  /** A visit started: keep what it requests, to know its response's window entry. */
  started(visit: InertiaVisit): void {
    if (visit.id === undefined || visit.prefetch) return
    this.requests.set(visit.id, {
      url: String(visit.url ?? ''),
      headers: { ...(visit.headers ?? {}) },
      get: (visit.method ?? 'get').toLowerCase() === 'get',
      seq: ++this.seq,
      partial:
        (visit.only?.length ?? 0) > 0 ||
        (visit.except?.length ?? 0) > 0 ||
        ((visit as { reset?: string[] }).reset?.length ?? 0) > 0,
    })
    for (const id of this.requests.keys()) {
      if (this.requests.size <= MAX_REQUESTS) break
      this.requests.delete(id)
    }
  }

  /**
   * A page is showing. `composed`: it is the response to a window reload, which rebuilt the lists
   * from their windows (the windows stay as they were).
   */
  shown(page: InertiaPage, arrival: Arrival, visitId: string | undefined, composed = false): void {
    const request = visitId === undefined ? undefined : this.requests.get(visitId)
    if (request?.counted) return
    // Kept through pages seen again (2.x reports the visit's page on navigate, then on success).
    const restoredBy = this.beforeRestore
    if (arrival.kind !== 'observed') this.beforeRestore = null
    if (arrival.kind === 'restored') {
      this.beforeRestore = { seq: this.seq, windows: new Map(this.windows) }
    } else if (
      arrival.kind === 'response' &&
      request &&
      restoredBy &&
      request.seq <= restoredBy.seq
    ) {
      for (const [prop, window] of restoredBy.windows) this.windows.set(prop, window)
    }
    // A page seen again (an adapter reports it without Inertia's metadata, the router with it):
    // a list prop it has no window for yet was rendered with the page.
    const again = arrival.kind === 'observed'
    if (this.adopt(page) || arrival.kind === 'first' || again) {
      for (const prop of listsOf(page)) {
        if (!again || !this.windows.has(prop))
          this.windows.set(prop, [{ url: page.url, headers: {} }])
      }
    }
    for (const known of [...this.windows.keys()]) {
      if (!(known in (page.props ?? {}))) this.windows.delete(known)
    }
    if (arrival.kind === 'restored') {
      for (const prop of listsOf(page)) this.windows.set(prop, 'unknown')
    } else if (arrival.kind === 'response' && !composed) {
      // The metadata is the response's: a prop it refreshed without merge metadata is plain now.
      const lists = listsOf(page)
      if (request) request.counted = true
      for (const prop of new Set(refreshedPaths(arrival.scope, page.props ?? {}).map(topLevel))) {
        if (lists.includes(prop)) this.refreshed(prop, page, request)
        else this.windows.delete(prop)
      }
    }
  }

  /**
   * The window of list prop `prop` (a path) on `page`, or why it has none; undefined: not a list
   * sync knows of. A page sync has not seen change yet is the first one: rendered whole.
   */
  of(prop: string, page: InertiaPage | null): WindowEntry[] | NoWindow | undefined {
    if (page && this.adopt(page)) {
      for (const list of listsOf(page)) this.windows.set(list, [{ url: page.url, headers: {} }])
    }
    return this.windows.get(topLevel(prop))
  }

  clear(): void {
    this.requests.clear()
    this.windows.clear()
    this.pageKey = null
  }

  /** Makes `page` the one the windows are of; true when it is another page than before. */
  private adopt(page: InertiaPage): boolean {
    const key = `${page.component} ${pathOf(page.url)}`
    if (key === this.pageKey) return false
    this.windows.clear()
    this.pageKey = key
    return true
  }

  private refreshed(prop: string, page: InertiaPage, request: Request | undefined): void {
    if (!request) return void this.windows.set(prop, 'unknown')
    if (!(request.partial && mergedBy(page, prop))) {
      // Replaced whole: a full visit's page (after any redirect) is at the page's URL.
      const entry = request.partial ? request : { url: page.url, headers: {} }
      return void this.windows.set(prop, request.get ? [entryOf(entry)] : 'unknown')
    }
    const window = this.windows.get(prop)
    if (!request.get) this.windows.set(prop, 'unknown')
    else if (window === undefined) this.windows.set(prop, [entryOf(request)])
    else if (typeof window === 'string') return
    else if (window.length >= MAX_WINDOW) this.windows.set(prop, 'overflow')
    else window.push(entryOf(request))
  }
}

const listsOf = (page: InertiaPage) =>
  Object.keys(page.props ?? {}).filter((prop) => listPropOf(page, prop))

const entryOf = ({ url, headers }: WindowEntry): WindowEntry => ({ url, headers })

/** Whether the response that became `page` merged `prop` (Inertia merges partial responses only). */
function mergedBy(page: InertiaPage, prop: string): boolean {
  const meta = page as InertiaPage & MergeMetadata
  const paths = [
    ...(meta.mergeProps ?? []),
    ...(meta.prependProps ?? []),
    ...(meta.deepMergeProps ?? []),
  ]
  return paths.some((path) => topLevel(path) === prop)
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}
