import type { Emitter } from './emitter.js'
import { type Entry, max, topLevel } from './entry.js'
import type { VisitScope } from './page.js'
import { readPageProp } from './protocol.js'
import type { ReadSetting } from './settings.js'
import type { InertiaPage, InertiaRouter, InertiaVisit, SyncEventMap } from './types.js'

/** One sync reload, from `router.reload()` to its `finish` event. */
interface Flight {
  id: string | undefined
  props: string[]
  identifiers: string[]
  /** Versions the reload is known to include: it was sent after these markers arrived. */
  versionsAtStart: Map<string, number | null>
  generation: number
  started: boolean
  response: InertiaPage | null
  cancel: (() => void) | null
}

/** What the scheduler needs from the registry. */
export interface ReloadSchedulerHost {
  readonly entries: ReadonlyMap<string, Entry>
  readonly emitter: Emitter<SyncEventMap>
  router(): InertiaRouter | null
  setting: ReadSetting
  /** Whether the tab is hidden (reloads then wait, if `pauseWhenHidden`). */
  hidden(): boolean
  log(...args: unknown[]): void
  pageHas(prop: string): boolean
  allReloaded(entry: Entry, reloaded: (prop: string) => boolean): boolean
  /** A sync reload's response became the page. */
  applyResponse(page: InertiaPage, scope: VisitScope): void
  changed(): void
}

/**
 * Turns dirty identifiers into `router.reload({ only })` calls: debounced with a max wait, one in
 * flight at a time plus one follow-up, yielding to the user's own visits and to a hidden tab.
 */
export class ReloadScheduler {
  /** identifier → the version that made it dirty (null: reload regardless of versions) */
  private readonly dirty = new Map<string, number | null>()
  private debounceTimer: ReturnType<typeof setTimeout> | null = null
  private maxWaitTimer: ReturnType<typeof setTimeout> | null = null
  private flushWanted = false
  private flight: Flight | null = null
  /** The flight inside `router.reload()`, before its `before` / `start` events have fired. */
  private issuing: Flight | null = null
  private readonly userVisits = new Map<string, VisitScope>()
  /** Bumped on every page change: a reload sent for an older page applies nothing. */
  private generation = 0
  private reloadCount = 0

  constructor(private readonly host: ReloadSchedulerHost) {}

  get reloads(): number {
    return this.reloadCount
  }

  get inFlight(): boolean {
    return this.flight !== null
  }

  get userVisitActive(): boolean {
    return this.userVisits.size > 0
  }

  pendingIdentifiers(): IterableIterator<string> {
    return this.dirty.keys()
  }

  markDirty(identifier: string, version: number | null): void {
    this.markDirtyQuietly(identifier, version)
    this.schedule()
  }

  /** Drops an identifier's pending work (it was unsubscribed). */
  forget(identifier: string): void {
    this.dirty.delete(identifier)
  }

  stopTimersIfIdle(): void {
    if (this.dirty.size === 0) this.clearTimers()
  }

  /** Drops all pending work (an in-flight reload finishes on its own). */
  clear(): void {
    this.dirty.clear()
    this.clearTimers()
    this.flushWanted = false
  }

  /** Another page: whatever was pending, or in flight, belonged to the old one. */
  newPage(): void {
    this.generation++
    this.clear()
  }

  /** Resolves pending work the page already covers; queues what it is known to miss. */
  reconcile(): void {
    const { entries } = this.host
    for (const [identifier, version] of this.dirty) {
      const entry = entries.get(identifier)
      if (!entry || (version !== null && entry.seen !== null && version <= entry.seen)) {
        this.dirty.delete(identifier)
      }
    }
    for (const [identifier, entry] of entries) {
      if (entry.latest !== null && entry.seen !== null && entry.latest > entry.seen) {
        if (!this.dirty.has(identifier)) this.markDirty(identifier, entry.latest)
      }
    }
    if (this.dirty.size === 0) {
      this.clearTimers()
      this.flushWanted = false
    }
  }

  /** Sends the pending reload now, unless another reload, a user visit or a hidden tab waits. */
  flush(): void {
    this.clearTimers()
    if (this.dirty.size === 0) return
    const router = this.host.router()
    if (this.host.hidden() && this.host.setting('pauseWhenHidden')) {
      this.flushWanted = true
      return
    }
    if (this.flight || this.userVisits.size > 0 || !router) {
      this.flushWanted = true
      return
    }
    this.flushWanted = false

    const props = new Set<string>()
    const identifiers: string[] = []
    const versionsAtStart = new Map<string, number | null>()
    for (const identifier of this.dirty.keys()) {
      const entry = this.host.entries.get(identifier)
      if (!entry) continue
      identifiers.push(identifier)
      versionsAtStart.set(identifier, entry.latest)
      for (const prop of entry.props.keys()) if (this.host.pageHas(prop)) props.add(prop)
    }
    this.dirty.clear()
    if (props.size === 0) {
      this.host.changed()
      return
    }

    const flight: Flight = {
      id: undefined,
      props: [...props],
      identifiers,
      versionsAtStart,
      generation: this.generation,
      started: false,
      response: null,
      cancel: null,
    }
    this.flight = flight
    this.reloadCount++
    this.host.log('reload', flight.props)
    this.host.emitter.emit('reload', { props: flight.props, identifiers })
    this.issuing = flight
    try {
      router.reload({
        only: flight.props,
        preserveErrors: true,
        onCancelToken: (token) => {
          flight.cancel = token.cancel
        },
        onBeforeUpdate: (page: InertiaPage) => {
          flight.response = page
        },
        onFinish: (visit: InertiaVisit) => this.finishFlight(flight, visit),
      } as Parameters<InertiaRouter['reload']>[0])
    } finally {
      this.issuing = null
    }
    // A `before` listener may have cancelled it, or there is no window: nothing will finish it.
    if (!flight.started && this.flight === flight) this.finishFlight(flight, { cancelled: false })
    this.host.changed()
  }

  // ---------------------------------------------------------------- router events

  /** Router `before`: remembers which visit is our reload. */
  visitBefore(visit: InertiaVisit): void {
    if (this.issuing) this.issuing.id = visit.id
  }

  /** Router `start`: our reload started, or a user visit did (which then takes priority). */
  visitStarted(visit: InertiaVisit): void {
    const flight = this.issuing ?? this.flight
    if (flight && !flight.started && flight.id === visit.id) {
      flight.started = true
      return
    }
    if (visit.prefetch || visit.id === undefined) return
    this.userVisits.set(visit.id, { only: visit.only ?? [], except: visit.except ?? [] })
    // The user's own visit wins: a sync visit replaces the page, and an older sync-reload
    // response arriving after it would overwrite newer data.
    if (!visit.async && this.flight?.cancel) this.flight.cancel()
  }

  /** Router `finish`: a user visit is over; send what waited for it. */
  visitFinished(visit: InertiaVisit): void {
    if (visit.id === undefined || !this.userVisits.delete(visit.id)) return
    this.host.changed()
    this.resume()
  }

  /** Whether `visitId` is the sync reload in flight (its page is applied on finish). */
  isOwnReload(visitId: string): boolean {
    return visitId === this.flight?.id
  }

  /** The props a user visit in progress asked for. */
  visitScope(visitId: string): VisitScope | undefined {
    return this.userVisits.get(visitId)
  }

  /** The tab was shown again: one catch-up reload for what waited. */
  catchUp(): void {
    if (this.dirty.size > 0) this.flush()
  }

  // ---------------------------------------------------------------- internals

  private schedule(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer)
    this.debounceTimer = setTimeout(() => this.flush(), this.host.setting('debounceMs'))
    this.maxWaitTimer ??= setTimeout(() => this.flush(), this.host.setting('maxWaitMs'))
  }

  private clearTimers(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer)
    if (this.maxWaitTimer) clearTimeout(this.maxWaitTimer)
    this.debounceTimer = this.maxWaitTimer = null
  }

  private markDirtyQuietly(identifier: string, version: number | null): void {
    const previous = this.dirty.get(identifier)
    // null means "reload regardless", and must not be narrowed to a version by a later marker
    this.dirty.set(
      identifier,
      previous === null ? null : version === null ? null : max(previous, version),
    )
  }

  private finishFlight(flight: Flight, visit: InertiaVisit): void {
    if (this.flight !== flight) return
    this.flight = null
    let outcome: SyncEventMap['reloaded']['outcome']
    let cursor: number | null = null
    if (flight.generation !== this.generation) {
      outcome = 'cancelled' // the page changed; its pending work went with it
    } else if (flight.response && !visit.cancelled && !visit.interrupted) {
      outcome = 'applied'
      cursor = readPageProp(flight.response.props)?.cursor ?? null
      const reloaded = new Set(flight.props.map(topLevel))
      for (const identifier of flight.identifiers) {
        const entry = this.host.entries.get(identifier)
        if (entry && this.host.allReloaded(entry, (p) => reloaded.has(p))) {
          entry.seen = max(entry.seen, flight.versionsAtStart.get(identifier))
        }
      }
      this.host.applyResponse(flight.response, { only: flight.props, except: [] })
    } else if (visit.cancelled || visit.interrupted || !flight.started) {
      outcome = 'cancelled'
      if (flight.started) {
        // A user visit took over: hand the work back; the visit's response may resolve it.
        for (const identifier of flight.identifiers) {
          if (this.host.entries.has(identifier)) {
            this.markDirtyQuietly(identifier, flight.versionsAtStart.get(identifier) ?? null)
          }
        }
        this.flushWanted = this.dirty.size > 0
      }
    } else {
      outcome = 'failed' // error page or network error: don't loop against a failing server
    }
    this.host.log('reloaded', outcome, flight.props, cursor)
    this.host.emitter.emit('reloaded', {
      props: flight.props,
      identifiers: flight.identifiers,
      outcome,
      cursor,
    })
    this.host.changed()
    // Inertia cancels a reload inside `router.visit()`, before the visit's `start` event: let
    // that event register the visit before deciding whether to send again.
    if (outcome === 'cancelled') setTimeout(() => this.resume(), 0)
    else this.resume()
  }

  /** Sends the reload that waited for an in-flight reload, a user visit, or visibility. */
  private resume(): void {
    if (this.flushWanted && this.dirty.size > 0 && !this.debounceTimer) this.flush()
  }
}
