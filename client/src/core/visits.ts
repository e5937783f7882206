import { valueAt, type VisitScope } from './prop-path.js'
import type { InertiaPage, InertiaVisit } from './types.js'

/** Visits whose scope is kept at most, so visits that never finish cannot grow memory. */
const MAX_TRACKED = 50

/**
 * The router's visits in progress: what each asked for (to credit its response's props), and
 * whether the user's (or the app's) own visits are running, which sync reloads yield to.
 */
export class Visits {
  private readonly scopes = new Map<string, VisitScope>()
  private readonly user = new Map<string, boolean>()
  /** The path an async visit started on: Inertia shows its response only on that path. */
  private readonly origins = new Map<string, string>()

  /** A user (or app) visit is in progress. */
  get userActive(): boolean {
    return this.user.size > 0
  }

  /** A visit started; `own` when it is the registry's sync reload. Returns its scope. */
  started(visit: InertiaVisit, own: boolean, page: InertiaPage | null): void {
    if (visit.id === undefined || visit.prefetch) return
    this.scopes.set(visit.id, {
      only: visit.only ?? [],
      except: visit.except ?? [],
      skipped: skippedOnceProps(page),
    })
    if (!own) this.user.set(visit.id, visit.async === true)
    if (visit.async && page) this.origins.set(visit.id, pathOf(page.url))
    for (const id of this.scopes.keys()) {
      if (this.scopes.size <= MAX_TRACKED) break
      this.scopes.delete(id)
      this.user.delete(id)
      this.origins.delete(id)
    }
  }

  /** Whether the visit is the user's and not async (it then takes over from a sync reload). */
  isBlocking(visit: InertiaVisit): boolean {
    return visit.id !== undefined && this.user.get(visit.id) === false
  }

  /**
   * Stops counting a user visit as in progress (it never finished: Inertia reports some aborted
   * requests with no finish event). Its scope is kept, should its response come after all.
   */
  expire(visitId: string): boolean {
    return this.user.delete(visitId)
  }

  /** What a visit asked for, if it is one the router reported starting. */
  scope(visitId: string | undefined): VisitScope | undefined {
    return visitId === undefined ? undefined : this.scopes.get(visitId)
  }

  /**
   * Whether `page`, reported for the visit's response, is that response: Inertia drops an async
   * visit's response when the page changed under it, and still reports the page showing.
   */
  shows(visitId: string, page: InertiaPage): boolean {
    const origin = this.origins.get(visitId)
    return origin === undefined || origin === pathOf(page.url)
  }

  /**
   * A visit ended; returns whether it was a user visit. A cancelled or interrupted visit keeps its
   * scope (evicted with the oldest): Inertia 3.x interrupts a visit that has not sent its request
   * yet (two visits in one turn) without stopping it, so its response may still become the page.
   */
  finished(visit: InertiaVisit): boolean {
    if (visit.id === undefined) return false
    if (!visit.cancelled && !visit.interrupted) {
      this.scopes.delete(visit.id)
      this.origins.delete(visit.id)
    }
    return this.user.delete(visit.id)
  }

  clear(): void {
    this.scopes.clear()
    this.user.clear()
    this.origins.clear()
  }
}

/** Once props the page holds: Inertia asks the server to skip them and keeps its copy. */
function skippedOnceProps(page: InertiaPage | null): string[] {
  const skipped: string[] = []
  for (const once of Object.values(page?.onceProps ?? {})) {
    if (valueAt(page?.props, once.prop) === undefined) continue
    if (once.expiresAt && once.expiresAt <= Date.now()) continue
    skipped.push(once.prop)
  }
  return skipped
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}
