import type { InertiaReloadOptions, InertiaRouter, InertiaVisit } from './inertia-types.js'
import { reloadShownPage } from './shown-page-reload.js'

export type FlightOutcome = 'applied' | 'cancelled' | 'failed'

/** Statuses after which a retry cannot help: the app changed (409) or the session ended. */
const NEEDS_FULL_VISIT = new Set([401, 409, 419])

/** What a flight reports to, and asks for its options. */
export interface FlightHost {
  /** The reload's options as the page needs them (features, the app's reload strategy). */
  reloadOptions(base: InertiaReloadOptions): InertiaReloadOptions
  /** The URL of the page shown, which the reload asks (shown-page-reload.ts). */
  shownUrl(): string | undefined
  /** The flight ended; called exactly once. */
  flightEnded(flight: Flight, outcome: FlightOutcome): void
}

/** What one sync reload refreshes, and how long it may take. */
export interface FlightPlan {
  props: string[]
  identifiers: string[]
  /** Version-less changes up to this tick are covered by this reload. */
  tick: number
  /** The largest `spread` of the markers it answers: a crowd reloads too. */
  spread: number
  /** No finish event after this long: the reload counts as failed (and is aborted). */
  timeoutMs: number
}

/**
 * One sync reload, from `router.reload()` to its end. It ends exactly once: `applied` when its
 * response became the page, `cancelled` when a visit took over, `failed` on an error response, a
 * network error, or no finish event within the timeout (Inertia reports some aborted requests
 * with no finish at all). Errors never reach Inertia's error modal.
 */
export class Flight {
  /** The router's visit id, learnt from its `before` event. */
  id: string | undefined
  started = false
  /** A page from this reload's response was shown. */
  applied = false
  /** An error status meaning the page must be visited in full (version conflict, session). */
  needsFullVisit = false
  /** It ended because no finish event came in time. */
  timedOut = false
  outcome: FlightOutcome | null = null
  /** The props it asked for, as Inertia sends them (`X-Inertia-Partial-Data`). */
  partialData = ''
  readonly props: string[]
  readonly identifiers: string[]
  private cancel: (() => void) | null = null
  private watchdog: ReturnType<typeof setTimeout> | null = null

  constructor(
    readonly plan: FlightPlan,
    private readonly router: InertiaRouter,
    private readonly host: FlightHost,
  ) {
    this.props = plan.props
    this.identifiers = plan.identifiers
  }

  /** Sends the reload (the router bridge calls this, to learn which visit it starts). */
  launch(): void {
    if (this.outcome) return
    this.watchdog ??= setTimeout(() => this.timeout(), this.plan.timeoutMs)
    const options = this.host.reloadOptions({
      only: this.props,
      preserveErrors: true,
      preserveScroll: true,
      preserveState: true,
      showProgress: false,
      onCancelToken: (token) => (this.cancel = token.cancel),
      onHttpException: (response: { status?: number }) => this.failedWith(response?.status),
      onNetworkError: () => false,
      onFinish: (visit: InertiaVisit) => this.finish(visit),
    })
    this.partialData = [...options.only, ...(options.reset ?? [])].join(',')
    reloadShownPage(this.router, options, this.host.shownUrl())
    // Cancelled by a `before` listener, or no window: nothing will ever finish it.
    if (!this.started) this.end('cancelled')
  }

  /**
   * Runs `work` (a window reload's requests, features/window-reload.ts) before the reload, under
   * the same watchdog: aborting the flight aborts it, its failure fails the flight (a version
   * conflict or an ended session asks for the full visit). `next` launches the reload after it.
   */
  prepare(work: (signal: AbortSignal) => Promise<void>, next: () => void): void {
    const controller = new AbortController()
    this.cancel = () => controller.abort()
    this.watchdog = setTimeout(() => this.timeout(), this.plan.timeoutMs)
    work(controller.signal).then(
      () => this.outcome || next(),
      (error: { needsFullVisit?: boolean }) => {
        if (this.outcome) return
        if (controller.signal.aborted) return this.end(this.timedOut ? 'failed' : 'cancelled')
        if (error?.needsFullVisit) this.needsFullVisit = true
        this.end('failed')
      },
    )
  }

  /**
   * The response was an error with `status`: a version conflict or an ended session needs a full
   * visit. Returns false: a background reload never opens Inertia's error modal.
   */
  failedWith(status: number | undefined): false {
    if (NEEDS_FULL_VISIT.has(status ?? 0)) this.needsFullVisit = true
    return false
  }

  /** The router reported a page from this reload's response. */
  pageShown(): void {
    this.applied = true
  }

  /** A user visit takes priority: cancel the reload (its work stays pending). */
  abort(): void {
    this.cancel?.()
  }

  /** Ends the flight now (the registry is going away). */
  drop(): void {
    this.end('cancelled')
    this.cancel?.()
  }

  private finish(visit: InertiaVisit): void {
    if (this.applied) this.end('applied')
    else if (this.timedOut) this.end('failed')
    else if (visit?.cancelled || visit?.interrupted) this.end('cancelled')
    else this.end('failed')
  }

  /** No finish event in time: abort the request first, so its retry never runs beside it. */
  private timeout(): void {
    if (this.outcome) return
    this.timedOut = true // the cancellation's finish event ends it as failed, not cancelled
    this.cancel?.()
    this.end('failed')
  }

  private end(outcome: FlightOutcome): void {
    if (this.outcome) return
    this.outcome = outcome
    if (this.watchdog) clearTimeout(this.watchdog)
    this.host.flightEnded(this, outcome)
  }
}
