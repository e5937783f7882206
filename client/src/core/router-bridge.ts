import { Emitter } from './emitter.js'
import type { Arrival, PageCursors } from './page-cursors.js'
import { ensureVisitId } from './features/legacy-router.js'
import type { VisitScope } from './prop-path.js'
import type { InertiaPage, InertiaRouter, InertiaVisit } from './types.js'
import { Visits } from './visits.js'

interface CustomEventLike<T> {
  detail: T
}

/** The sync reload the bridge tells apart from the user's visits. */
export interface OwnVisit {
  id: string | undefined
  started: boolean
}

interface RouterBridgeEvents {
  /** A page is showing, and how it arrived (which of its props a response refreshed). */
  page: { page: InertiaPage; arrival: Arrival; own: boolean; visitId: string | undefined }
  /** A visit started (prefetches included), with what it requests (for list windows). */
  visitStarted: { visit: InertiaVisit }
  /** A user (or app) visit started; `blocking` when it is not async (it wins over a sync reload). */
  userVisit: { blocking: boolean; scope: VisitScope }
  /** A user visit ended: reloads that waited for it may go (on a later task, see below). */
  userVisitEnded: void
  /** A 409 answered the sync reload with a new asset version: a full visit is needed. */
  versionChanged: void
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
  /** The last page the router reported, with Inertia's metadata (merge, scroll, once props). */
  private lastPage: InertiaPage | undefined
  /** User visits are no longer waited for after this long without a finish event. */
  private readonly expiries = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly emitter = new Emitter<RouterBridgeEvents>()
  readonly on = this.emitter.on.bind(this.emitter)

  constructor(
    private readonly cursors: PageCursors,
    private readonly timeoutMs: () => number,
  ) {}

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
    })
    on<{ versionChange?: boolean }>('location', ({ detail }) => {
      if (this.own && detail.versionChange) this.emitter.emit('versionChanged', undefined)
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

  /** Runs `send` (which calls `router.reload`), taking the visit it starts for `own`. */
  issue(own: OwnVisit, send: () => void): void {
    this.own = own
    this.issuing = true
    try {
      send()
    } finally {
      this.issuing = false
    }
  }

  /** The sync reload ended. */
  release(own: OwnVisit): void {
    if (this.own === own) this.own = null
  }

  private before(visit: InertiaVisit): void {
    if (ensureVisitId(visit)) this.legacyVisits = true
    if (this.issuing && this.own && this.own.id === undefined) this.own.id = visit.id
  }

  private start(visit: InertiaVisit): void {
    this.emitter.emit('visitStarted', { visit })
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
    this.emitter.emit('userVisit', { blocking: this.visits.isBlocking(visit), scope })
  }

  private finish(visit: InertiaVisit): void {
    if (visit.id !== undefined) clearTimeout(this.expiries.get(visit.id))
    if (visit.id !== undefined) this.expiries.delete(visit.id)
    // Inertia 2.x reports its pages without the visit: credit the page at the visit's end.
    if (this.legacyVisits && visit.completed && this.cursors.page) {
      this.pageShown(this.cursors.page, visit.id)
    }
    if (this.visits.finished(visit)) this.emitter.emit('userVisitEnded', undefined)
  }

  /** A user visit with no finish event: stop holding sync reloads back for it. */
  private expire(visitId: string): void {
    this.expiries.delete(visitId)
    if (this.visits.expire(visitId)) this.emitter.emit('userVisitEnded', undefined)
  }

  private pageShown(page: InertiaPage | undefined, visitId: string | undefined): void {
    if (!page) return
    const scope = this.visits.scope(visitId)
    const known = this.cursors.page
    let arrival: Arrival = { kind: 'first' }
    if (scope) arrival = { kind: 'response', scope }
    else if (known) {
      const same = known.url === page.url && known.component === page.component
      arrival = same ? { kind: 'observed' } : { kind: 'restored' }
    }
    const own = visitId !== undefined && visitId === this.own?.id
    this.emitter.emit('page', { page, arrival, own, visitId })
  }
}
