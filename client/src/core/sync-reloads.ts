import type { Emitter } from './emitter.js'
import { ListReloads } from './features/list-reloads.js'
import { Flight, type FlightHost, type FlightOutcome } from './flight.js'
import { FullVisit } from './full-visit.js'
import { Holds } from './holds.js'
import { LaterTask } from './later-task.js'
import type { InertiaPage, InertiaReloadOptions, InertiaVisit } from './inertia-types.js'
import type { RegistryOptions } from './options.js'
import type { Arrival, PageCursors } from './page-cursors.js'
import { pendingWork, settleCovered, type PendingWork } from './pending-work.js'
import { requestsPart, type VisitScope } from './prop-path.js'
import { readPageProp } from './protocol.js'
import { ReloadTimer, type ReloadSender } from './reload-timer.js'
import { syncReloadOptions } from './reload-options.js'
import type { RouterBridge } from './router-bridge.js'
import type { VisitListener } from './router-listeners.js'
import type { Subscriptions } from './subscriptions.js'
import type { TabVisibility } from './tab-visibility.js'
import type { SyncEventMap } from './types.js'

/** A crowd's reloads queue at the server: the watchdog waits this many spreads longer. */
const SPREAD_TIMEOUT_FACTOR = 10

/** What the reloads read from the registry. */
export interface ReloadContext {
  subscriptions: Subscriptions
  page: PageCursors
  bridge: RouterBridge
  visibility: TabVisibility
  events: Emitter<SyncEventMap>
  options: RegistryOptions
  /** Told when the reloads' part of the status moved. */
  status: { changed(): void }
  /** Sends the reload the timer says is due. */
  sender: ReloadSender
}

/**
 * Sends the sync reloads: at most one in flight, when the timer says, after the user's visits,
 * not while the tab is hidden; a failure is retried, a version conflict gets one full visit.
 */
export class SyncReloads implements FlightHost, VisitListener {
  readonly timer: ReloadTimer
  private flight: Flight | null = null
  private readonly holds = new Holds()
  private readonly fullVisit = new FullVisit()
  private sent = 0
  private hadWork = false
  /** The largest `spread` of the markers accepted since a reload last succeeded. */
  private spread = 0
  /** Resumes on a later task, after the visit that ended a flight, if any, has started. */
  private readonly resumeLater = new LaterTask(() => this.resume())
  /** Merged list props: their windows, and how the flight reloads them (features/). */
  private readonly lists = new ListReloads()

  constructor(private readonly context: ReloadContext) {
    this.timer = new ReloadTimer((key) => context.options.setting(key), context.sender)
  }

  get reloads(): number {
    return this.sent
  }

  get inFlight(): boolean {
    return this.flight !== null
  }

  /** The stale props (`forReload`: without the held ones). */
  pending(forReload = false): PendingWork {
    const held = forReload ? (prop: string) => this.holds.isHeld(prop) : undefined
    return pendingWork(this.context.subscriptions, this.context.page, held)
  }

  /** Sends a reload of the stale props now, unless one is in flight, a visit runs, or hidden. */
  send(): void {
    const { bridge, visibility, events, options } = this.context
    const work = this.pending(true)
    if (work.props.length === 0) return this.flight ? undefined : this.timer.idle()
    if (FullVisit.underway()) return // the document is being replaced
    const router = bridge.attached
    const paused = visibility.hidden && options.setting('pauseWhenHidden')
    if (this.flight || bridge.visits.userActive || !router || paused) return this.timer.blocked()
    const timeoutMs = options.setting('reloadTimeoutMs') + this.spread * SPREAD_TIMEOUT_FACTOR
    const tick = this.context.subscriptions.tick
    const flight = new Flight({ ...work, tick, spread: this.spread, timeoutMs }, router, this)
    this.flight = flight
    this.timer.inFlight()
    this.sent++
    options.log('reload', flight.props)
    events.emit('reload', { props: flight.props, identifiers: flight.identifiers })
    const shown = bridge.routerPage ?? this.context.page.page
    this.lists.launch(flight, shown, () => bridge.issue(flight))
    this.context.status.changed()
  }

  /** The options of a flight's `router.reload`, as the page's features and the app need them. */
  reloadOptions(base: InertiaReloadOptions): InertiaReloadOptions {
    const { bridge, page, options } = this.context
    return syncReloadOptions(base, {
      routerPage: () => bridge.routerPage,
      page: page.page,
      debug: options.setting('debug'),
      strategy: options.option('reloadStrategy'),
      lists: this.lists.reload,
    })
  }

  shownUrl(): string | undefined {
    return (this.context.bridge.routerPage ?? this.context.page.page)?.url
  }

  /** A marker was accepted: its props are stale now. `spread`: its crowd hint, in ms. */
  markerAccepted(spread = 0): void {
    this.spread = Math.max(this.spread, spread)
    this.workChanged(spread, true)
  }

  /** Stale props appeared (or a marker added to them): tell the timer; none left: it idles. */
  workChanged(spread?: number, marker = false): void {
    const stale = this.pending(true).props.length > 0
    if (!stale && !this.flight) this.timer.idle()
    else if (stale && (marker || !this.hadWork)) this.timer.changed(spread)
    this.hadWork = stale
  }

  /** A page was shown; `own` when it came from the sync reload's response. */
  pageShown(arrival: Arrival, own: boolean, page?: InertiaPage, visitId?: string): void {
    if (own) this.flight?.pageShown()
    else if (arrival.kind === 'response') this.fullVisit.answered()
    if (page) this.lists.pageShown(page, arrival, visitId, own)
  }

  /** A visit started: list windows keep what it requests. */
  visitStarted(visit: InertiaVisit): void {
    this.lists.visitStarted(visit)
  }

  /**
   * The user's own visit wins, and so does the app's reload of the same props (else the older
   * sync response could land last and show old data again); the work stays pending.
   */
  userVisitStarted(blocking: boolean, scope: VisitScope): void {
    const flight = this.flight
    if (flight && (blocking || flight.props.some((prop) => requestsPart(scope, prop)))) {
      flight.abort()
    }
  }

  /**
   * Inertia cancels a visit inside `router.visit()`, before the next visit's `start` event: let
   * that visit register (later in the same task) before deciding whether to send.
   */
  userVisitEnded(): void {
    this.resumeLater.request()
  }

  /** A 409 answered the sync reload with a new asset version. */
  versionChanged(): void {
    if (this.flight) this.flight.needsFullVisit = true
  }

  /** Holds reloads of `prop` while `isHeld()`; returns the function removing the hold. */
  hold(prop: string, isHeld: () => boolean): () => void {
    return this.holds.add(prop, isHeld, () => this.resume())
  }

  /** What blocked reloads (a flight, a user visit, a hold) may be over. */
  resume(): void {
    if (this.flight || this.context.bridge.visits.userActive) return
    this.workChanged()
    if (this.hadWork) this.timer.resume()
  }

  /** Forgets the reload in flight and every timer. */
  clear(): void {
    this.resumeLater.cancel()
    this.timer.clear()
    this.fullVisit.clear()
    this.flight?.drop()
  }

  /** The flight ended: credit it, or schedule its retry (or one full visit). */
  flightEnded(flight: Flight, outcome: FlightOutcome): void {
    if (this.flight !== flight) return
    this.flight = null
    this.timer.settled()
    this.context.bridge.release(flight)
    let cursor: number | null = null
    if (outcome === 'applied') {
      cursor = readPageProp(this.context.page.page?.props)?.cursor ?? null
      this.spread = 0
      this.fullVisit.answered()
      this.timer.success()
      settleCovered(this.context.subscriptions, this.context.page, flight)
    } else if (outcome === 'failed') {
      const { bridge, options } = this.context
      const timeoutMs = options.setting('reloadTimeoutMs')
      const visited =
        flight.needsFullVisit && this.fullVisit.send(bridge.attached, timeoutMs, options.log)
      if (!visited && !FullVisit.underway()) this.timer.failure(flight.plan.spread)
    }
    const { props, identifiers } = flight
    this.context.options.log('reloaded', outcome, props, cursor)
    this.context.events.emit('reloaded', { props, identifiers, outcome, cursor })
    this.context.status.changed()
    this.resumeLater.request()
  }
}
