import type { InertiaPage, InertiaRouter, InertiaVisit } from './types.js'

interface CustomEventLike<T> {
  detail: T
}

/** A page the router reports, with the visit that brought it (if any). */
export interface PageEvent {
  page?: InertiaPage
  visitId?: string
}

/** What the registry does on each router event. */
export interface RouterHandlers {
  before(visit: InertiaVisit): void
  start(visit: InertiaVisit): void
  finish(visit: InertiaVisit): void
  /** `success`, `error` and `navigate`: a page is showing. */
  page(event: PageEvent): void
  /** A 409 asked for a location visit; `versionChange` when the app's assets changed. */
  location(event: { url?: unknown; versionChange?: boolean }): void
}

/** Listens to the Inertia router's events; returns the functions that stop listening. */
export function listenToRouter(router: InertiaRouter, handlers: RouterHandlers): Array<() => void> {
  const offs: Array<() => void> = []
  type Detail<T> = (event: CustomEventLike<T>) => void
  const on = <T>(name: string, callback: Detail<T>) =>
    offs.push(router.on(name, callback as (event: unknown) => unknown))

  on<{ visit: InertiaVisit }>('before', ({ detail: { visit } }) => handlers.before(visit))
  on<{ visit: InertiaVisit }>('start', ({ detail: { visit } }) => handlers.start(visit))
  on<{ visit: InertiaVisit }>('finish', ({ detail: { visit } }) => handlers.finish(visit))
  const onPage: Detail<PageEvent> = ({ detail }) => handlers.page(detail)
  on('success', onPage)
  on('error', onPage)
  on('navigate', onPage)
  on<{ url?: unknown; versionChange?: boolean }>('location', ({ detail }) =>
    handlers.location(detail),
  )
  return offs
}
