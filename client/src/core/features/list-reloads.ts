import type { Flight } from '../flight.js'
import type { InertiaPage, InertiaVisit } from '../inertia-types.js'
import type { Arrival } from '../page-cursors.js'
import { ListWindows } from './list-window.js'
import { planWindows, WindowReload, type ListReload } from './window-reload.js'

/**
 * The merged list props of sync reloads: the requests that built each list on the page (its
 * window), and how the flight in progress reloads its list props. The sync reloads tell it what
 * the router does and hand it each flight to launch.
 */
export class ListReloads {
  private readonly windows = new ListWindows()
  private current: ListReload = {
    plan: { windowed: new Map(), reset: [] },
    window: null,
    warned: new Set(),
  }

  /** How the flight in progress reloads its list props (read by its reload options). */
  get reload(): ListReload {
    return this.current
  }

  /**
   * Plans how `flight` reloads its list props on `shown`, then `issue`s it: at once, or, for a
   * window reload, once every request of the windows has been answered (their composition is
   * what the reload's response then shows).
   */
  launch(flight: Flight, shown: InertiaPage | null, issue: () => void): void {
    const plan = planWindows(flight.props, shown, this.windows)
    const window = plan.windowed.size > 0 && shown ? new WindowReload(plan.windowed, shown) : null
    this.current = { plan, window, warned: this.current.warned }
    if (window) flight.prepare((signal) => window.fetch(signal), issue)
    else issue()
  }

  /** A visit started: the windows keep what it requests. */
  visitStarted(visit: InertiaVisit): void {
    this.windows.started(visit)
  }

  /** A page was shown; `own` when it came from the sync reload's response. */
  pageShown(page: InertiaPage, arrival: Arrival, visitId: string | undefined, own: boolean): void {
    this.windows.shown(page, arrival, visitId, own && this.current.window !== null)
  }
}
