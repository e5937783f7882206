import { PendingReloadsView, SubscriptionsView } from './compat.js'
import { ensureVisitId, keepThroughReload } from './features/legacy-router.js'
import { listPropWarnings } from './features/list-props.js'
import { invalidatePrefetched, type PrefetchCache } from './features/prefetch.js'
import { Connection } from './connection.js'
import { Emitter } from './emitter.js'
import { Flight, type FlightOutcome } from './flight.js'
import { Intake } from './intake.js'
import { PageCursors, type Arrival } from './page-cursors.js'
import { identifierStatus, pendingWork } from './pending-work.js'
import { readPageProp } from './protocol.js'
import { ReloadTimer } from './reload-timer.js'
import { listenToRouter } from './router-events.js'
import {
  type ServerSettings,
  type Settings,
  isBrowser,
  resolveSetting,
  stripUndefined,
} from './settings.js'
import { StatusSnapshot, buildStatus, reflectOnDocument } from './status.js'
import { Subscriptions } from './subscriptions.js'
import { TabVisibility } from './tab-visibility.js'
import { Visits } from './visits.js'
import type {
  InertiaPage,
  InertiaRouter,
  InertiaVisit,
  SyncEventMap,
  SyncOptions,
  SyncStatus,
} from './types.js'

/**
 * Coordinates real-time prop sync for one tab: one Action Cable subscription to `SyncChannel`,
 * reference-counted identifier → prop mappings, and change markers turned into non-overlapping
 * `router.reload({ only })` calls for the stale props of the current page.
 *
 * The parts, each the one owner of its state: `Subscriptions` (per identifier), `PageCursors`
 * (per prop: the cursor it was refreshed at), `ReloadTimer` (when a reload is due), `Flight` (one
 * reload), `Visits` (the router's visits), `Connection` (the channel). Which props are stale is
 * derived (pending-work.ts), never stored. This class wires their events together.
 */
export class SyncRegistry {
  private options: SyncOptions = {}
  private server: ServerSettings = {}
  private readonly events = new Emitter<SyncEventMap>()
  private router: InertiaRouter | null = null
  private routerListeners: Array<() => void> = []
  private readonly subs = new Subscriptions(() => this.setting('maxSubscriptions'))
  private readonly page = new PageCursors()
  private readonly timer = new ReloadTimer((key) => this.setting(key))
  private readonly visits = new Visits()
  private readonly visibility = new TabVisibility()
  private readonly link = new Connection({
    enabled: () => this.enabled,
    cableUrl: () => this.options.cableUrl,
    reconnectAttempts: () => this.setting('reconnectAttempts'),
    log: (...args) => this.log(...args),
  })
  private readonly intake = new Intake(this.subs, this.page, this.events, (...a) => this.log(...a))
  private readonly status = new StatusSnapshot(() => this.buildStatus())
  private readonly holds = new Map<string, Set<() => boolean>>()
  /** List props already warned about in debug mode (features/list-props.ts). */
  private readonly warnedListProps = new Set<string>()
  /** The router gives visits no ids (Inertia 2.x): ids are ours, pages are credited at finish. */
  private legacyVisits = false
  /** The last page the router reported, with Inertia's metadata (merge, scroll, once props). */
  private routerPage: InertiaPage | undefined
  private flight: Flight | null = null
  /** The flight inside `router.reload()`, before its `before` / `start` events have fired. */
  private issuing: Flight | null = null
  private reloadCount = 0
  private revision = 0
  private hadWork = false
  private fullVisitSent = false

  /** The spec's view of the subscriptions: identifier → Set of prop names (read-only). */
  readonly subscriptions: ReadonlyMap<string, ReadonlySet<string>> = new SubscriptionsView(
    this.subs,
  )
  /** The spec's view of the props the next sync reload refreshes. */
  readonly pendingReloads = new PendingReloadsView(this.subs, this.page)

  constructor(options: SyncOptions = {}) {
    this.subs.on('perform', ({ action, identifier }) => this.link.perform(action, identifier))
    this.subs.on('changed', () => this.changed())
    this.link.on('state', (change) => {
      this.changed()
      this.events.emit('connection', change)
    })
    this.link.on('up', ({ isReconnect }) => this.subs.resubscribeAll(isReconnect))
    this.link.on('down', () => this.subs.awaitAll())
    this.link.on('message', (data) => this.received(data))
    this.timer.on('due', () => this.performReload())
    this.visibility.on('shown', () => this.performReload())
    this.configure(options)
  }

  /**
   * Sets options. Explicit options win over the server's `inertia_sync` page prop, which wins over
   * the defaults. May be called again (e.g. to inject the router once the app is created).
   */
  configure(options: SyncOptions): this {
    const { router, consumer, ...rest } = options
    if (rest.maxReconnectAttempts !== undefined && rest.reconnectAttempts === undefined) {
      rest.reconnectAttempts = rest.maxReconnectAttempts
    }
    this.options = { ...this.options, ...stripUndefined(rest) }
    if (consumer) this.link.useConsumer(consumer)
    if (router && router !== this.router) this.attachRouter(router)
    if (this.subs.size > 0) this.link.ensureConnected()
    this.changed()
    return this
  }

  get debounceMs(): number {
    return this.setting('debounceMs')
  }

  get maxWaitMs(): number {
    return this.setting('maxWaitMs')
  }

  get enabled(): boolean {
    return this.setting('enabled')
  }

  /** Whether a router has been injected (adapters inject their default otherwise). */
  get hasRouter(): boolean {
    return this.router !== null
  }

  /**
   * Reloads `propName` whenever `identifier` changes. Mappings are reference-counted: the
   * identifier is subscribed on the server once, however many components ask for it.
   */
  subscribe(identifier: string, propName: string): void {
    if (!isBrowser()) return
    this.visibility.watch()
    const entry = this.subs.add(identifier, propName)
    this.link.ensureConnected()
    this.workChanged()
    this.events.emit('subscription', { identifier, status: identifierStatus(entry, this.page) })
  }

  /**
   * Drops one mapping. When an identifier has no mapping left it is unsubscribed on the server
   * (at the end of the current tick, so a component swap that re-subscribes it causes no traffic).
   */
  unsubscribe(identifier: string, propName: string): void {
    if (this.subs.remove(identifier, propName) === 'gone') {
      this.events.emit('subscription', { identifier, status: null })
    }
    this.workChanged()
  }

  /** Drops every mapping of `subscriptionMap` (identifier → prop name). */
  clearSubscriptions(subscriptionMap: Record<string, string> | Map<string, string>): void {
    const pairs =
      subscriptionMap instanceof Map ? [...subscriptionMap] : Object.entries(subscriptionMap)
    for (const [identifier, propName] of pairs) this.unsubscribe(identifier, propName)
  }

  /**
   * Reloads the stale props now instead of when the timer says. Still never overlaps another sync
   * reload or a user visit, and waits while the tab is hidden.
   */
  performReload(): void {
    const work = this.pendingNow(true)
    if (work.props.length === 0) return this.flight ? undefined : this.timer.idle()
    const paused = this.visibility.hidden && this.setting('pauseWhenHidden')
    if (this.flight || this.visits.userActive || !this.router || paused) return this.timer.blocked()
    const flight = new Flight(work.props, work.identifiers, this.subs.tick)
    this.flight = flight
    this.reloadCount++
    flight.on('ended', (outcome) => this.flightEnded(flight, outcome))
    this.log('reload', flight.props)
    this.events.emit('reload', { props: flight.props, identifiers: flight.identifiers })
    this.issuing = flight
    try {
      const strategy = this.options.reloadStrategy
      flight.send(this.router, this.setting('reloadTimeoutMs'), (o) => {
        // The router's own page: it has Inertia's merge and scroll metadata.
        const page = this.routerPage ?? this.page.page
        if (this.setting('debug')) {
          for (const warning of listPropWarnings(page, o.only, this.warnedListProps)) {
            console.warn('[inertia-sync]', warning)
          }
        }
        const keep = keepThroughReload(() => (this.routerPage ?? page)?.props, o.only)
        const kept = { ...o, onBeforeUpdate: keep }
        return strategy?.(kept, this.page.page) ?? kept
      })
    } finally {
      this.issuing = null
    }
    this.changed()
  }

  /** The spec's name: asks for a reload of the stale props when the timer says. */
  scheduleReload(): void {
    this.timer.changed()
  }

  /**
   * Holds sync reloads of `prop` while `isHeld()` returns true (a form with unsaved input, say);
   * call `released()` when it may have turned false. Returns the function that removes the hold.
   */
  hold(prop: string, isHeld: () => boolean): () => void {
    const set = this.holds.get(prop) ?? new Set()
    this.holds.set(prop, set.add(isHeld))
    return () => {
      set.delete(isHeld)
      if (set.size === 0) this.holds.delete(prop)
      this.released()
    }
  }

  /** A hold may have ended: reload what it held back. */
  released(): void {
    this.workChanged()
    this.timer.resume()
  }

  /** Subscribes to `SyncChannel` (called automatically by the first `subscribe`). */
  connect(): Promise<void> {
    return this.link.connect()
  }

  /**
   * Leaves the channel, forgets every subscription and pending reload. A consumer the registry
   * created itself is disconnected; an injected one (the app's) is left open.
   */
  disconnect(): void {
    this.link.close()
    this.subs.clear()
    this.timer.clear()
    this.flight?.drop()
    this.link.reset()
    this.changed()
  }

  /** `disconnect()`, and stop listening to the router and the document. */
  destroy(): void {
    this.disconnect()
    for (const off of this.routerListeners) off()
    this.routerListeners = []
    this.router = null
    this.visits.clear()
    this.page.clear()
    this.visibility.stop()
    this.events.clear()
  }

  /** The current status; the same object until something changes. */
  getStatus(): SyncStatus {
    return this.status.get(this.revision)
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof SyncEventMap>(event: K, callback: (payload: SyncEventMap[K]) => void) {
    return this.events.on(event, callback)
  }

  /**
   * Tells the registry which Inertia page is showing. The router's events keep it up to date;
   * adapters call this at component init, before the router's first `navigate`.
   */
  setPage(page: InertiaPage): void {
    this.showPage(page, this.page.page ? { kind: 'observed' } : { kind: 'first' })
  }

  private setting<K extends keyof Settings>(key: K): Settings[K] {
    return resolveSetting(this.options, this.server, key)
  }

  private log(...args: unknown[]): void {
    if (this.setting('debug')) console.debug('[inertia-sync]', ...args)
  }

  private received(data: unknown): void {
    const accepted = this.intake.receive(data)
    this.workChanged(accepted?.spread, accepted !== null)
  }

  /** The stale props, for the status (`forReload`: without the held ones). */
  private pendingNow(forReload = false) {
    const held = (prop: string) => [...(this.holds.get(prop) ?? [])].some((isHeld) => isHeld())
    return pendingWork(this.subs, this.page, forReload ? held : undefined)
  }

  /** Stale props appeared (or a marker added to them): tell the timer; none left: it idles. */
  private workChanged(spread?: number, marker = false): void {
    const stale = this.pendingNow(true).props.length > 0
    if (!stale && !this.flight) this.timer.idle()
    else if (stale && (marker || !this.hadWork)) this.timer.changed(spread)
    this.hadWork = stale
    this.changed()
  }

  private showPage(page: InertiaPage, arrival: Arrival): void {
    if (!page || typeof page.component !== 'string') return
    const pageProp = readPageProp(page.props)
    const wasEnabled = this.enabled
    if (pageProp) this.server = pageProp
    if (this.page.show(page, pageProp?.cursor ?? null, arrival)) this.log('page', this.page.key)
    if (wasEnabled && !this.enabled) this.link.stop()
    if (!wasEnabled && this.enabled && this.subs.size > 0) this.link.ensureConnected()
    this.workChanged()
  }

  private flightEnded(flight: Flight, outcome: FlightOutcome): void {
    if (this.flight !== flight) return
    this.flight = null
    let cursor: number | null = null
    if (outcome === 'applied') {
      cursor = readPageProp(this.page.page?.props)?.cursor ?? null
      this.fullVisitSent = false
      this.timer.success()
      for (const identifier of flight.identifiers) this.settleForced(identifier, flight)
    } else if (outcome === 'failed') {
      if (flight.needsFullVisit) this.fullVisit()
      else this.timer.failure()
    }
    this.log('reloaded', outcome, flight.props, cursor)
    this.events.emit('reloaded', {
      props: flight.props,
      identifiers: flight.identifiers,
      outcome,
      cursor,
    })
    this.changed()
    // Inertia cancels a reload inside `router.visit()`, before that visit's `start` event: let
    // the visit register before deciding whether to send again.
    setTimeout(() => this.resume(), 0)
  }

  /** A reload refreshed every page prop of `identifier`: its version-less changes are covered. */
  private settleForced(identifier: string, flight: Flight): void {
    const entry = this.subs.get(identifier)
    if (!entry) return
    const props = [...entry.props.keys()].filter((prop) => this.page.has(prop))
    if (props.every((prop) => flight.props.includes(prop))) {
      this.subs.settleForced(identifier, flight.tick)
    }
  }

  /** What blocked reloads (a flight, a user visit) is over. */
  private resume(): void {
    if (this.flight || this.visits.userActive) return
    this.workChanged()
    if (this.hadWork) this.timer.resume()
  }

  /** A 409 version conflict or an ended session: one full visit, as any Inertia visit would do. */
  private fullVisit(): void {
    if (this.fullVisitSent || !this.router?.visit || !isBrowser()) return this.timer.failure()
    this.fullVisitSent = true
    this.log('full visit after a version conflict or an ended session')
    this.router.visit(window.location.href, { preserveScroll: true })
  }

  private attachRouter(router: InertiaRouter): void {
    for (const off of this.routerListeners) off()
    this.router = router
    // An accepted marker makes prefetched pages that depend on it stale (features/prefetch.ts).
    const flushPrefetched = this.events.on('marker', ({ marker }) =>
      invalidatePrefetched(
        router as PrefetchCache,
        marker.identifier,
        this.options.prefetchInvalidation ?? 'tags',
      ),
    )
    this.routerListeners = listenToRouter(router, {
      before: (visit) => {
        if (ensureVisitId(visit)) this.legacyVisits = true
        if (this.issuing && this.issuing.id === undefined) this.issuing.id = visit.id
      },
      start: (visit) => this.visitStarted(visit),
      finish: (visit) => {
        // Inertia 2.x reports its pages without the visit: credit the page at the visit's end.
        if (this.legacyVisits && visit.completed && this.page.page) {
          this.pageShown(this.page.page, visit.id)
        }
        if (this.visits.finished(visit)) setTimeout(() => this.resume(), 0)
        this.changed()
      },
      page: ({ page, visitId }) => {
        if (page) this.routerPage = page
        if (page) this.pageShown(page, visitId)
      },
      location: ({ versionChange }) => {
        if (this.flight && versionChange) this.flight.needsFullVisit = true
      },
    })
    // The props the router is about to replace (Inertia 2.x reports a page with errors by no other
    // event), for what a sync reload must keep (features/legacy-router.ts).
    const trackProps = router.on('beforeUpdate', (event: { detail?: { page?: InertiaPage } }) => {
      this.routerPage = event.detail?.page ?? this.routerPage
    })
    this.routerListeners.push(flushPrefetched, trackProps)
  }

  private visitStarted(visit: InertiaVisit): void {
    const own = this.issuing ?? this.flight
    if (own && !own.started && own.id === visit.id) {
      own.started = true
      this.visits.started(visit, true, this.page.page)
      return
    }
    this.visits.started(visit, false, this.page.page)
    // The user's own visit wins over a sync reload (its work stays pending).
    if (this.visits.isBlocking(visit)) this.flight?.abort()
    this.changed()
  }

  private pageShown(page: InertiaPage, visitId: string | undefined): void {
    const scope = this.visits.scope(visitId)
    if (visitId !== undefined && visitId === this.flight?.id) this.flight.pageShown()
    const known = this.page.page
    let arrival: Arrival = { kind: 'first' }
    if (scope) arrival = { kind: 'response', scope }
    else if (known) {
      const same = known.url === page.url && known.component === page.component
      arrival = same ? { kind: 'observed' } : { kind: 'restored' }
    }
    this.showPage(page, arrival)
  }

  private buildStatus(): SyncStatus {
    return buildStatus({
      connection: this.link.state,
      enabled: this.enabled,
      subscriptions: this.subs,
      page: this.page,
      pending: this.pendingNow(),
      reloads: this.reloadCount,
      inFlight: this.flight !== null,
      failures: this.timer.failed,
    })
  }

  /** The state moved: a new revision; publish the status if it differs. */
  private changed(): void {
    const status = this.status.publish(++this.revision)
    if (!status) return
    if (this.setting('domAttributes')) reflectOnDocument(status)
    this.events.emit('status', status)
  }
}
