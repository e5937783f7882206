import type { InertiaRouter } from './inertia-types.js'
import { isBrowser } from './settings.js'

/** Where Inertia (2.x and 3.x) notes a location visit before it reloads the document. */
const LOCATION_VISIT_KEY = 'inertiaLocationVisit'

/**
 * A 409 version conflict or an ended session answered a sync reload: a retry cannot help, so the
 * page is visited in full, as any Inertia visit would do. Once per conflict: no second full visit
 * while one is under way or after one was answered, until a sync reload succeeds again or a
 * visit's response came through (never a loop of visits). A full visit that itself fails (no
 * page by its finish, or none within `timeoutMs`) may be sent again at the next conflict.
 */
export class FullVisit {
  private sent = false
  private timer: ReturnType<typeof setTimeout> | null = null

  /** Visits the page in full; false when one is under way or was answered already. */
  send(
    router: InertiaRouter | null,
    timeoutMs: number,
    log: (...args: unknown[]) => void,
  ): boolean {
    if (this.sent || !router?.visit || !isBrowser()) return false
    this.sent = true
    let shown = false
    log('full visit after a version conflict or an ended session')
    this.timer = setTimeout(() => this.failed(), timeoutMs)
    router.visit(window.location.href, {
      preserveScroll: true,
      onHttpException: () => false,
      onNetworkError: () => false,
      onSuccess: () => (shown = true),
      onError: () => (shown = true),
      onFinish: () => (shown ? this.stopTimer() : this.failed()),
    })
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

  /** A sync reload succeeded, or a visit's response came through: the conflict is over. */
  answered(): void {
    this.sent = false
  }

  clear(): void {
    this.stopTimer()
    this.sent = false
  }

  private failed(): void {
    this.stopTimer()
    this.sent = false
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
