import { isWithin, refreshedPaths, topLevel, type VisitScope } from './prop-path.js'
import type { InertiaPage } from './types.js'

/** How a page reached the tab. */
export type Arrival =
  /** The first page the tab knows: every prop was rendered at the page's cursor. */
  | { kind: 'first' }
  /** The response to a visit (a user's, the app's, or a sync reload). */
  | { kind: 'response'; scope: VisitScope }
  /** Shown without a response (back button, history restore): nothing is known about its props. */
  | { kind: 'restored' }
  /** Reported again (an adapter at init, the router's first event): cursors stay as they are. */
  | { kind: 'observed' }

/**
 * The page showing and, per prop path, the cursor of the response that last refreshed it. A
 * cursor is per prop, not per page: a partial reload of `accounts` says nothing about `account`.
 * `null` means unknown (restored from history, or a server without versions).
 */
export class PageCursors {
  private current: InertiaPage | null = null
  private pageKey: string | null = null
  private readonly cursors = new Map<string, number | null>()

  get page(): InertiaPage | null {
    return this.current
  }

  get key(): string | null {
    return this.pageKey
  }

  /** Records a page; returns true when it is another page than the one showing. */
  show(page: InertiaPage, cursor: number | null, arrival: Arrival): boolean {
    const key = pageKey(page)
    const another = key !== this.pageKey
    this.current = page
    this.pageKey = key
    if (another || arrival.kind === 'first' || arrival.kind === 'restored') this.cursors.clear()
    if (arrival.kind === 'first') {
      for (const prop of Object.keys(page.props ?? {})) this.cursors.set(prop, cursor)
    } else if (arrival.kind === 'response') {
      for (const path of refreshedPaths(arrival.scope, page.props ?? {})) this.credit(path, cursor)
    }
    return another
  }

  /** Whether the page has the top-level prop of `path` (before any page is known, assume so). */
  has(path: string): boolean {
    return this.current === null || topLevel(path) in (this.current.props ?? {})
  }

  /**
   * The oldest cursor any part of `path` was refreshed at; null if some part is unknown;
   * undefined while no page is known at all.
   */
  cursorOf(path: string): number | null | undefined {
    if (this.current === null) return undefined
    // The deepest entry enclosing `path` is the latest write (crediting a path drops the entries
    // inside it); entries inside `path` were refreshed on their own and may be older or newer.
    let nearest: string | null = null
    const inside: Array<number | null> = []
    for (const known of this.cursors.keys()) {
      if (isWithin(path, known)) {
        if (nearest === null || known.length > nearest.length) nearest = known
      } else if (isWithin(known, path)) {
        inside.push(this.cursors.get(known) ?? null)
      }
    }
    if (nearest === null) return null
    let oldest = this.cursors.get(nearest) ?? null
    for (const cursor of inside) {
      oldest = oldest === null || cursor === null ? null : Math.min(oldest, cursor)
    }
    return oldest
  }

  /** Forgets the page (the registry was disconnected). */
  clear(): void {
    this.current = null
    this.pageKey = null
    this.cursors.clear()
  }

  private credit(path: string, cursor: number | null): void {
    for (const known of [...this.cursors.keys()]) {
      if (isWithin(known, path)) this.cursors.delete(known)
    }
    this.cursors.set(path, cursor)
  }
}

/** Component and path: a page the user can tell apart from another. */
function pageKey(page: InertiaPage): string {
  let path = page.url
  try {
    path = new URL(page.url, 'http://x').pathname
  } catch {
    // keep the url as it is
  }
  return `${page.component} ${path}`
}
