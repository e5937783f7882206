import type { InertiaPage, InertiaVisit } from './inertia-types.js'
import type { Arrival } from './page-cursors.js'
import type { VisitScope } from './prop-path.js'
import type { PageListener, VisitListener } from './router-listeners.js'
import type { StatusPublisher } from './status-publisher.js'
import type { Visits } from './visits.js'

/**
 * Whether the page showing has settled: the framework has rendered the page the router last
 * showed, and no visit of the user's (or the app's: a deferred prop, a poll) is about to change it.
 * Until then the mappings the page's components register in their setup may not exist yet, so
 * "this page follows 0 identifiers" (or "the old page's identifiers are all subscribed") is a gap,
 * not a fact, and the status must not say ready.
 *
 * The router reports a page once it has handed it to the framework; Svelte and Vue render it, and
 * run the components' setup and effects, in a microtask of that same task, React in a task it
 * scheduled before the report. The page therefore counts as rendered from the first task after
 * the report. Sits between the router bridge and its listeners, passing every report on.
 */
export class PageSettling implements PageListener, VisitListener {
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly pages: PageListener,
    private readonly visits: VisitListener,
    private readonly inProgress: Visits,
    private readonly status: StatusPublisher,
  ) {}

  /** The page showing may still change: rendering, or a user visit is in flight. */
  get settling(): boolean {
    return this.timer !== null || this.inProgress.userActive
  }

  pageShown(page: InertiaPage, arrival: Arrival, own: boolean, visitId?: string): void {
    this.rendering()
    this.pages.pageShown(page, arrival, own, visitId)
  }

  visitStarted(visit: InertiaVisit): void {
    this.visits.visitStarted(visit)
  }

  userVisitStarted(blocking: boolean, scope: VisitScope): void {
    this.visits.userVisitStarted(blocking, scope)
    this.status.changed()
  }

  userVisitEnded(): void {
    this.visits.userVisitEnded()
    this.status.changed()
  }

  versionChanged(): void {
    this.visits.versionChanged()
  }

  /** Forgets a render under way (the registry is destroyed). */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private rendering(): void {
    this.clear()
    this.timer = setTimeout(() => {
      this.timer = null
      this.status.changed()
    }, 0)
  }
}
