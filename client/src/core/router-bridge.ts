import {
  LegacyPageCredit,
  ensureVisitId,
  legacyFailure,
  type LegacyFailureDetail,
} from './features/legacy-router.js'
import type { InertiaPage, InertiaRouter, InertiaVisit } from './inertia-types.js'
import type { Arrival, PageCursors } from './page-cursors.js'
import { NOBODY, type OwnVisit, type PageListener, type VisitListener } from './router-listeners.js'
import { Visits } from './visits.js'

interface CustomEventLike<T> {
  detail: T
}

/**
 * Listens to the Inertia router: learns which visit is the registry's own sync reload, keeps the
 * scope of every visit (to credit its response's props), and reports pages and user visits.
 */
export class RouterBridge {
  readonly visits = new Visits()
  private router: InertiaRouter | null = null
  private offs: Array<() => void> = []
  private own: OwnVisit | null = null
  private issuing = false
  /** The router gives visits no ids (Inertia 2.x): ids are ours, pages are credited at finish. */
  private legacyVisits = false
  private readonly legacyCredit = new LegacyPageCredit()
  /** The last page the router reported, with Inertia's metadata (merge, scroll, once props). */
  private lastPage: InertiaPage | undefined
  /** User visits are no longer waited for after this long without a finish event. */
  private readonly expiries = new Map<string, ReturnType<typeof setTimeout>>()
  private pages: PageListener = NOBODY
  private visitListener: VisitListener = NOBODY

  constructor(
    private readonly cursors: PageCursors,
    private readonly timeoutMs: () => number,
  ) {}

  /** Who is told of pages and of the user's visits. */
  listen(pages: PageListener, visits: VisitListener): void {
    this.pages = pages
    this.visitListener = visits
  }

  get attached(): InertiaRouter | null {
    return this.router
  }

  /** The router's own latest page (or the one about to show): it has Inertia's metadata. */
  get routerPage(): InertiaPage | undefined {
    return this.lastPage
  }

  attach(router: InertiaRouter): void {
    this.detach()
    this.router = router
    type Detail<T> = (event: CustomEventLike<T>) => void
    const on = <T>(name: string, callback: Detail<T>) =>
      this.offs.push(router.on(name, callback as (event: unknown) => unknown))
    on<{ visit: InertiaVisit }>('before', ({ detail }) => this.before(detail.visit))
    on<{ visit: InertiaVisit }>('start', ({ detail }) => this.start(detail.visit))
    on<{ visit: InertiaVisit }>('finish', ({ detail }) => this.finish(detail.visit))
    const onPage: Detail<{ page?: InertiaPage; visitId?: string }> = ({ detail }) => {
      this.lastPage = detail.page ?? this.lastPage
      this.pageShown(detail.page, detail.visitId)
    }
    for (const name of ['success', 'error', 'navigate']) on(name, onPage)
    // The props the router is about to replace (Inertia 2.x reports a page with errors by no
    // other event), for what a sync reload must keep (features/legacy-router.ts).
    on<{ page?: InertiaPage }>('beforeUpdate', ({ detail }) => {
      this.lastPage = detail?.page ?? this.lastPage
      this.legacyCredit.pageUpdated()
    })
    // Inertia 2.x's only report of a failed sync reload (3.x calls the reload's own callbacks).
    for (const name of ['invalid', 'exception']) {
      on<LegacyFailureDetail>(name, ({ detail }) => this.legacyFailed(detail))
    }
    on<{ versionChange?: boolean }>('location', ({ detail }) => {
      if (this.own && detail.versionChange) this.visitListener.versionChanged()
    })
  }

  detach(): void {
    for (const off of this.offs) off()
    this.offs = []
    this.router = null
    this.lastPage = undefined
    this.visits.clear()
    for (const timer of this.expiries.values()) clearTimeout(timer)
    this.expiries.clear()
  }

  /** Launches the sync reload `own`, taking the visit it starts for it. */
  issue(own: OwnVisit): void {
    this.own = own
    this.issuing = true
    try {
      own.launch()
    } finally {
      this.issuing = false
    }
  }

  /** The sync reload ended. */
  release(own: OwnVisit): void {
    if (this.own === own) this.own = null
  }

  /**
   * A failed response on Inertia 2.x: the visits that asked for what it answered showed no page
   * of their own; if it answered the sync reload, it is the reload's.
   */
  private legacyFailed(detail: LegacyFailureDetail | undefined): false | undefined {
    const own = this.own
    const failed = legacyFailure(detail)
    if (failed) this.legacyCredit.failed(failed.partialData)
    if (!own?.started || !failed || failed.partialData !== own.partialData) return undefined
    return own.failedWith(failed.status)
  }

  private before(visit: InertiaVisit): void {
    if (ensureVisitId(visit)) this.legacyVisits = true
    if (this.issuing && this.own && this.own.id === undefined) this.own.id = visit.id
  }

  private start(visit: InertiaVisit): void {
    this.visitListener.visitStarted(visit)
    if (this.legacyVisits && visit.id !== undefined)
      this.legacyCredit.started({ ...visit, id: visit.id })
    const own = this.own
    if (own && !own.started && own.id === visit.id) {
      own.started = true
      this.visits.started(visit, true, this.cursors.page)
      return
    }
    this.visits.started(visit, false, this.cursors.page)
    const id = visit.id
    const scope = this.visits.scope(id)
    if (id === undefined || !scope) return
    this.expiries.set(
      id,
      setTimeout(() => this.expire(id), this.timeoutMs()),
    )
    this.visitListener.userVisitStarted(this.visits.isBlocking(visit), scope)
  }

  private finish(visit: InertiaVisit): void {
    if (visit.id !== undefined) clearTimeout(this.expiries.get(visit.id))
    if (visit.id !== undefined) this.expiries.delete(visit.id)
    // Inertia 2.x reports its pages without the visit: credit the page at the visit's end, if
    // its response showed one (a failed one shows none, yet finishes as completed).
    const showed = visit.id !== undefined && this.legacyCredit.finished(visit.id)
    if (this.legacyVisits && visit.completed && this.cursors.page && showed) {
      this.pageShown(this.cursors.page, visit.id)
    }
    if (this.visits.finished(visit)) this.visitListener.userVisitEnded()
  }

  /** A user visit with no finish event: stop holding sync reloads back for it. */
  private expire(visitId: string): void {
    this.expiries.delete(visitId)
    if (this.visits.expire(visitId)) this.visitListener.userVisitEnded()
  }

  private pageShown(page: InertiaPage | undefined, visitId: string | undefined): void {
    if (!page) return
    const shown = visitId === undefined || this.visits.shows(visitId, page)
    const scope = shown ? this.visits.scope(visitId) : undefined
    const known = this.cursors.page
    let arrival: Arrival = { kind: 'first' }
    if (scope) arrival = { kind: 'response', scope }
    else if (known) {
      const same = known.url === page.url && known.component === page.component
      arrival = same ? { kind: 'observed' } : { kind: 'restored' }
    }
    const own = shown && visitId !== undefined && visitId === this.own?.id
    this.pages.pageShown(page, arrival, own, visitId)
  }
}
