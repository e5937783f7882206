import { Emitter } from './emitter.js'
import type { InertiaReloadOptions, InertiaRouter, InertiaVisit } from './types.js'

export type FlightOutcome = 'applied' | 'cancelled' | 'failed'

/** Statuses after which a retry cannot help: the app changed (409) or the session ended. */
const NEEDS_FULL_VISIT = new Set([401, 409, 419])

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
  outcome: FlightOutcome | null = null
  private cancel: (() => void) | null = null
  private watchdog: ReturnType<typeof setTimeout> | null = null
  private readonly emitter = new Emitter<{ ended: FlightOutcome }>()
  readonly on = this.emitter.on.bind(this.emitter)

  constructor(
    readonly props: string[],
    readonly identifiers: string[],
    /** Version-less changes up to this tick are covered by this reload. */
    readonly tick: number,
  ) {}

  /** Sends the reload; `adjust` may change its options (the reload strategy seam). */
  send(
    router: InertiaRouter,
    timeoutMs: number,
    adjust: (options: InertiaReloadOptions) => InertiaReloadOptions,
  ): void {
    if (this.outcome) return
    this.watchdog ??= setTimeout(() => this.timeout(), timeoutMs)
    router.reload(
      adjust({
        only: this.props,
        preserveErrors: true,
        preserveScroll: true,
        preserveState: true,
        showProgress: false,
        onCancelToken: (token) => (this.cancel = token.cancel),
        onHttpException: (response: { status?: number }) => {
          if (NEEDS_FULL_VISIT.has(response?.status ?? 0)) this.needsFullVisit = true
          return false // a background reload never opens Inertia's error modal
        },
        onNetworkError: () => false,
        onFinish: (visit: InertiaVisit) => this.finish(visit),
      }),
    )
    // Cancelled by a `before` listener, or no window: nothing will ever finish it.
    if (!this.started) this.end('cancelled')
  }

  /**
   * Runs `work` (a window reload's requests, features/window-reload.ts) before the reload, under
   * the same watchdog: aborting the flight aborts it, its failure fails the flight. `next` sends
   * the reload once it is done.
   */
  prepare(work: (signal: AbortSignal) => Promise<void>, timeoutMs: number, next: () => void): void {
    const controller = new AbortController()
    this.cancel = () => controller.abort()
    this.watchdog = setTimeout(() => this.timeout(), timeoutMs)
    work(controller.signal).then(
      () => this.outcome || next(),
      (error: { needsFullVisit?: boolean }) => {
        if (this.outcome) return
        if (controller.signal.aborted) return this.end('cancelled')
        if (error?.needsFullVisit) this.needsFullVisit = true
        this.end('failed')
      },
    )
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
    else if (visit?.cancelled || visit?.interrupted) this.end('cancelled')
    else this.end('failed')
  }

  private timeout(): void {
    if (this.outcome) return
    this.end('failed')
    this.cancel?.()
  }

  private end(outcome: FlightOutcome): void {
    if (this.outcome) return
    this.outcome = outcome
    if (this.watchdog) clearTimeout(this.watchdog)
    this.emitter.emit('ended', outcome)
  }
}
