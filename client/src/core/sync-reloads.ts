import { Emitter } from './emitter.js'
import { keepThroughReload } from './features/legacy-router.js'
import { ListWindows } from './features/list-window.js'
import {
  planWindows,
  resetWarning,
  WindowReload,
  type WindowPlan,
} from './features/window-reload.js'
import { Flight, type FlightOutcome } from './flight.js'
import type { PageCursors } from './page-cursors.js'
import { pendingWork, type PendingWork } from './pending-work.js'
import { requestsPart } from './prop-path.js'
import { readPageProp } from './protocol.js'
import { ReloadTimer } from './reload-timer.js'
import type { RouterBridge } from './router-bridge.js'
import { isBrowser, type ReadSetting } from './settings.js'
import type { Subscriptions } from './subscriptions.js'
import type { TabVisibility } from './tab-visibility.js'
import type { InertiaPage, ReloadStrategy, SyncEventMap } from './types.js'

/** What the reloads read from the registry. */
export interface ReloadContext {
  subscriptions: Subscriptions
  page: PageCursors
  bridge: RouterBridge
  visibility: TabVisibility
  events: Emitter<SyncEventMap>
  setting: ReadSetting
  strategy(): ReloadStrategy | undefined
  log(...args: unknown[]): void
}

/**
 * Sends the sync reloads: at most one in flight, when the timer says, after the user's visits,
 * not while the tab is hidden; a failure is retried, a version conflict gets one full visit.
 * Emits `due` when the timer asks for a reload (the registry then calls its `performReload`).
 */
export class SyncReloads {
  readonly timer: ReloadTimer
  private flight: Flight | null = null
  private readonly holds = new Map<string, Set<() => boolean>>()
  private sent = 0
  private hadWork = false
  private fullVisitSent = false
  private resumeTimer: ReturnType<typeof setTimeout> | null = null
  /** The requests that built each list prop of the page (features/list-window.ts). */
  private readonly windows = new ListWindows()
  /** The flight that is a window reload: its response shows composed lists. */
  private composing: Flight | null = null
  /** List props already warned about in debug mode (features/window-reload.ts). */
  private readonly warnedListProps = new Set<string>()
  private readonly emitter = new Emitter<{ due: void; changed: void }>()
  readonly on = this.emitter.on.bind(this.emitter)

  constructor(private readonly context: ReloadContext) {
    this.timer = new ReloadTimer(context.setting)
    this.timer.on('due', () => this.emitter.emit('due', undefined))
    // The user's own visit wins, and so does the app's reload of the same props (else the older
    // sync response could land last and show old data again); the work stays pending.
    context.bridge.on('userVisit', ({ blocking, scope }) => {
      const flight = this.flight
      if (flight && (blocking || flight.props.some((prop) => requestsPart(scope, prop)))) {
        flight.abort()
      }
    })
    // Inertia cancels a visit inside `router.visit()`, before the next visit's `start` event:
    // let that visit register (later in the same task) before deciding whether to send.
    context.bridge.on('userVisitEnded', () => this.resumeSoon())
    context.bridge.on('versionChanged', () => this.flight && (this.flight.needsFullVisit = true))
    context.bridge.on('visitStarted', ({ visit }) => this.windows.started(visit))
    context.bridge.on('page', ({ page, arrival, own, visitId }) => {
      if (own) this.flight?.pageShown()
      const composed = own && this.composing !== null && this.composing === this.flight
      this.windows.shown(page, arrival, visitId, composed)
    })
  }

  get reloads(): number {
    return this.sent
  }

  get inFlight(): boolean {
    return this.flight !== null
  }

  /** The stale props (`forReload`: without the held ones). */
  pending(forReload = false): PendingWork {
    const held = (prop: string) => [...(this.holds.get(prop) ?? [])].some((isHeld) => isHeld())
    return pendingWork(this.context.subscriptions, this.context.page, forReload ? held : undefined)
  }

  /** Sends a reload of the stale props now, unless one is in flight, a visit runs, or hidden. */
  send(): void {
    const { bridge, visibility, events } = this.context
    const work = this.pending(true)
    if (work.props.length === 0) return this.flight ? undefined : this.timer.idle()
    const router = bridge.attached
    const paused = visibility.hidden && this.context.setting('pauseWhenHidden')
    if (this.flight || bridge.visits.userActive || !router || paused) return this.timer.blocked()
    const flight = new Flight(work.props, work.identifiers, this.context.subscriptions.tick)
    this.flight = flight
    this.timer.inFlight()
    this.sent++
    flight.on('ended', (outcome) => this.ended(flight, outcome))
    this.context.log('reload', flight.props)
    events.emit('reload', { props: flight.props, identifiers: flight.identifiers })
    const strategy = this.context.strategy()
    const timeout = this.context.setting('reloadTimeoutMs')
    const shown = bridge.routerPage ?? this.context.page.page
    const plan = planWindows(flight.props, shown, this.windows)
    const window = plan.windowed.size > 0 && shown ? new WindowReload(plan.windowed, shown) : null
    const reload = () =>
      bridge.issue(flight, () =>
        flight.send(router, timeout, (options) => {
          const kept = this.adjusted(options, plan, window)
          return strategy?.(kept, this.context.page.page) ?? kept
        }),
      )
    // A window reload makes its requests first, then the reload shows their composition.
    if (window) {
      this.composing = flight
      flight.prepare((signal) => window.fetch(signal), timeout, reload)
    } else reload()
    this.emitter.emit('changed', undefined)
  }

  /**
   * The reload's options as the page's Inertia features need them: list props composed from their
   * windows, or reset where they have none (with a warning in debug mode); and what the response
   * must not lose (form errors, a nested prop's other parts, which Inertia 2.x would drop).
   */
  private adjusted<T extends { only: string[]; reset?: string[] }>(
    options: T,
    plan: WindowPlan,
    window: WindowReload | null,
  ): T & { onBeforeUpdate: (page: InertiaPage) => void } {
    const { bridge, page } = this.context
    const shown = bridge.routerPage ?? page.page
    const keep = keepThroughReload(() => (bridge.routerPage ?? shown)?.props, options.only)
    const onBeforeUpdate = (response: InertiaPage) => {
      keep(response)
      window?.apply(response)
    }
    if (plan.reset.length === 0) return { ...options, onBeforeUpdate }
    for (const { prop, reason } of plan.reset) {
      if (!this.context.setting('debug') || this.warnedListProps.has(prop)) continue
      this.warnedListProps.add(prop)
      console.warn('[inertia-sync]', resetWarning(prop, reason))
    }
    const reset = [...new Set([...(options.reset ?? []), ...plan.reset.map(({ prop }) => prop)])]
    return { ...options, reset, onBeforeUpdate }
  }

  /** Stale props appeared (or a marker added to them): tell the timer; none left: it idles. */
  workChanged(spread?: number, marker = false): void {
    const stale = this.pending(true).props.length > 0
    if (!stale && !this.flight) this.timer.idle()
    else if (stale && (marker || !this.hadWork)) this.timer.changed(spread)
    this.hadWork = stale
  }

  /** Holds reloads of `prop` while `isHeld()`; returns the function removing the hold. */
  hold(prop: string, isHeld: () => boolean): () => void {
    const set = this.holds.get(prop) ?? new Set()
    this.holds.set(prop, set.add(isHeld))
    return () => {
      set.delete(isHeld)
      if (set.size === 0) this.holds.delete(prop)
      this.resume()
    }
  }

  /** What blocked reloads (a flight, a user visit, a hold) may be over. */
  resume(): void {
    if (this.flight || this.context.bridge.visits.userActive) return
    this.workChanged()
    if (this.hadWork) this.timer.resume()
  }

  /**
   * Resumes on a later task, not a microtask: Inertia cancels a visit inside `router.visit()` and
   * inside its popstate handler, and the page the back button restores arrives some microtasks
   * later. Resuming sooner would send a reload for the page being left.
   */
  private resumeSoon(): void {
    if (this.resumeTimer) return
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null
      this.resume()
    }, 0)
  }

  /** Forgets the reload in flight and every timer. */
  clear(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer)
    this.resumeTimer = null
    this.timer.clear()
    this.flight?.drop()
  }

  private ended(flight: Flight, outcome: FlightOutcome): void {
    if (this.flight !== flight) return
    this.flight = null
    if (this.composing === flight) this.composing = null
    this.timer.settled()
    this.context.bridge.release(flight)
    let cursor: number | null = null
    if (outcome === 'applied') {
      cursor = readPageProp(this.context.page.page?.props)?.cursor ?? null
      this.fullVisitSent = false
      this.timer.success()
      for (const identifier of flight.identifiers) this.settleForced(identifier, flight)
    } else if (outcome === 'failed') {
      if (flight.needsFullVisit) this.fullVisit()
      else this.timer.failure()
    }
    const { props, identifiers } = flight
    this.context.log('reloaded', outcome, props, cursor)
    this.context.events.emit('reloaded', { props, identifiers, outcome, cursor })
    this.emitter.emit('changed', undefined)
    this.resumeSoon() // after the visit that cancelled it, if any, has started
  }

  /** A reload refreshed every page prop of `identifier`: its version-less changes are covered. */
  private settleForced(identifier: string, flight: Flight): void {
    const entry = this.context.subscriptions.get(identifier)
    if (!entry) return
    const props = [...entry.props.keys()].filter((prop) => this.context.page.has(prop))
    if (props.every((prop) => flight.props.includes(prop))) {
      this.context.subscriptions.settleForced(identifier, flight.tick)
    }
  }

  /** A 409 version conflict or an ended session: one full visit, as any Inertia visit would do. */
  private fullVisit(): void {
    const router = this.context.bridge.attached
    if (this.fullVisitSent || !router?.visit || !isBrowser()) return this.timer.failure()
    this.fullVisitSent = true
    this.context.log('full visit after a version conflict or an ended session')
    router.visit(window.location.href, { preserveScroll: true })
  }
}
