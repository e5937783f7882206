import type { InertiaPage, InertiaVisit } from './inertia-types.js'
import type { Arrival } from './page-cursors.js'
import type { VisitScope } from './prop-path.js'

/** The sync reload the bridge tells apart from the user's visits. */
export interface OwnVisit {
  id: string | undefined
  started: boolean
  /** Calls `router.reload`: the visit it starts is the registry's own. */
  launch(): void
  /** The props it asked for, as Inertia sends them (`X-Inertia-Partial-Data`). */
  readonly partialData: string
  /** Its response was an error with `status`; returns false (never Inertia's error modal). */
  failedWith(status: number | undefined): false
}

/** Told of each page the router shows. */
export interface PageListener {
  /** A page is showing, and how it arrived (which of its props a response refreshed). */
  pageShown(page: InertiaPage, arrival: Arrival, own: boolean, visitId?: string): void
}

/** Told of the user's (and the app's) own visits. */
export interface VisitListener {
  /** Any visit started, the sync reload's own included (list windows keep what it requests). */
  visitStarted(visit: InertiaVisit): void
  /** A visit started; `blocking` when it is not async (it wins over a sync reload). */
  userVisitStarted(blocking: boolean, scope: VisitScope): void
  /** A user visit ended: reloads that waited for it may go. */
  userVisitEnded(): void
  /** A 409 answered the sync reload with a new asset version: a full visit is needed. */
  versionChanged(): void
}

/** Listens to nothing (until `RouterBridge.listen`). */
export const NOBODY: PageListener & VisitListener = {
  pageShown() {},
  visitStarted() {},
  userVisitStarted() {},
  userVisitEnded() {},
  versionChanged() {},
}
