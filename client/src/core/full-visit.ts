import type { InertiaRouter } from './inertia-types.js'
import { isBrowser } from './settings.js'

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

  /** A visit's response came through: the conflict is over. */
  answered(): void {
    this.pending = false
  }
}
