import type { InertiaRouter } from './inertia-types.js'
import { isBrowser } from './settings.js'

/** Where Inertia (2.x and 3.x) notes a location visit before it reloads the document. */
const LOCATION_VISIT_KEY = 'inertiaLocationVisit'

/**
 * A 409 version conflict or an ended session answered a sync reload: a retry cannot help, so the
 * page is visited in full, as any Inertia visit would do. Once per conflict: no second full visit
 * until a response has come through since the first (never a loop of visits).
 */
export class FullVisit {
  private pending = false

  /** Visits the page in full; false when one was sent already and no response came since. */
  send(router: InertiaRouter | null, log: (...args: unknown[]) => void): boolean {
    if (this.pending || !router?.visit || !isBrowser()) return false
    this.pending = true
    log('full visit after a version conflict or an ended session')
    router.visit(window.location.href, { preserveScroll: true })
    return true
  }

  /**
   * Whether Inertia itself is loading the page anew (its answer to a 409 with a location, the only
   * one on 2.x): it leaves a note in sessionStorage for the next document. Nothing is retried then.
   */
  static underway(): boolean {
    try {
      return isBrowser() && window.sessionStorage.getItem(LOCATION_VISIT_KEY) !== null
    } catch {
      return false // storage denied: Inertia could not have left its note either
    }
  }

  /** A visit's response came through: the conflict is over. */
  answered(): void {
    this.pending = false
  }
}
