import type { ReadSetting } from './settings.js'

type Timer = ReturnType<typeof setTimeout>

/** Who sends the reload the timer says is due: the registry (`performReload` is public API). */
export interface ReloadSender {
  performReload(): void
}

/**
 * Decides when the next sync reload is due, and says so (`performReload()`). Owns only timers:
 *
 * - leading edge: the first change after a quiet period is due after `collectMs`, so the markers
 *   of one request arrive together;
 * - after a reload, changes coalesce: due `debounceMs` after the last one, but at most `maxWaitMs`
 *   after the first;
 * - a marker's `spread` adds a random delay in `[0, spread)`;
 * - after a failed reload, the retry is due after a capped, doubling, jittered backoff, plus a
 *   random delay in `[spread, 2 × spread)` when the reload answered a crowd's marker.
 */
export class ReloadTimer {
  private flushTimer: Timer | null = null
  private leading = false
  private maxWaitTimer: Timer | null = null
  /** A reload was due lately, or is in flight: changes coalesce instead of taking the leading edge. */
  private cooling = false
  private coolTimer: Timer | null = null
  private retryTimer: Timer | null = null
  private wanted = false
  private failures = 0

  constructor(
    private readonly setting: ReadSetting,
    private readonly sender: ReloadSender,
  ) {}

  /** Failed reloads in a row. */
  get failed(): number {
    return this.failures
  }

  /** A change made props stale. `spread`: the marker's spread hint, in ms. */
  changed(spread = 0): void {
    if (this.retryTimer) return // the retry is due anyway
    const extra = spread > 0 ? Math.random() * spread : 0
    if (!this.cooling && !this.flushTimer) {
      this.leading = true
      this.flushTimer = setTimeout(() => this.fire(), this.setting('collectMs') + extra)
    } else if (!this.leading) {
      if (this.flushTimer) clearTimeout(this.flushTimer)
      this.flushTimer = setTimeout(() => this.fire(), this.setting('debounceMs') + extra)
      this.maxWaitTimer ??= setTimeout(() => this.fire(), this.setting('maxWaitMs'))
    }
  }

  /** A due reload could not be sent (one in flight, a user visit, a hidden tab). */
  blocked(): void {
    this.wanted = true
  }

  /**
   * What blocked reloads is gone and props are still stale: if a reload was due meanwhile, it is
   * due now; if none is scheduled, one is scheduled as for a new change.
   */
  resume(): void {
    if (this.flushTimer || this.retryTimer) return
    if (!this.wanted) return this.changed()
    this.wanted = false
    this.sender.performReload()
  }

  /**
   * A sync reload failed: retry after a backoff. `spread`: the reload answered a marker sent to a
   * crowd; every tab of the crowd retries, so the retries are spread at least as much.
   */
  failure(spread = 0): void {
    this.failures++
    this.stopFlush()
    if (this.retryTimer) clearTimeout(this.retryTimer)
    const base = this.setting('retryBaseMs') * 2 ** Math.min(this.failures - 1, 16)
    const backoff = Math.min(base, this.setting('retryMaxMs')) * (0.75 + Math.random() * 0.5)
    const delay = backoff + (spread > 0 ? spread * (1 + Math.random()) : 0)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.fire()
    }, delay)
  }

  /** A sync reload was applied. */
  success(): void {
    this.failures = 0
  }

  /** A sync reload is in flight: the quiet period starts only once it ends (`settled`). */
  inFlight(): void {
    this.cooling = true
    if (this.coolTimer) clearTimeout(this.coolTimer)
    this.coolTimer = null
  }

  /** The sync reload ended: the quiet period (`debounceMs`) starts now. */
  settled(): void {
    this.cool()
  }

  /** Nothing is stale: no reload is due. */
  idle(): void {
    this.stopFlush()
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.wanted = false
    this.failures = 0
  }

  /** Stops every timer and forgets everything. */
  clear(): void {
    this.idle()
    if (this.coolTimer) clearTimeout(this.coolTimer)
    this.coolTimer = null
    this.cooling = false
  }

  private fire(): void {
    this.stopFlush()
    this.cool()
    this.sender.performReload()
  }

  private cool(): void {
    this.cooling = true
    if (this.coolTimer) clearTimeout(this.coolTimer)
    this.coolTimer = setTimeout(() => {
      this.coolTimer = null
      this.cooling = false
    }, this.setting('debounceMs'))
  }

  private stopFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    if (this.maxWaitTimer) clearTimeout(this.maxWaitTimer)
    this.flushTimer = this.maxWaitTimer = null
    this.leading = false
  }
}
