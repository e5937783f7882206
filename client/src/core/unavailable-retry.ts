/** The first wait before asking again for an identifier the server answered `unavailable`. */
export const UNAVAILABLE_FIRST_RETRY_MS = 1000
/** The longest wait between two asks. */
export const UNAVAILABLE_MAX_RETRY_MS = 30_000

/** The wait before the `attempt`-th ask again (1-based): 1 s, 2 s, 4 s, … at most 30 s. */
export function unavailableRetryDelay(attempt: number): number {
  return Math.min(UNAVAILABLE_MAX_RETRY_MS, UNAVAILABLE_FIRST_RETRY_MS * 2 ** (attempt - 1))
}

/**
 * Asks the server again, with backoff, for identifiers it answered `unavailable` (its version
 * store failed for a moment): a transient error, so the identifier stays awaiting its `subscribed`
 * reply (the tab is not ready) instead of failing. One timer per identifier; the backoff starts
 * over once the identifier is answered otherwise.
 */
export class UnavailableRetry {
  private readonly waiting = new Map<
    string,
    { attempts: number; timer: ReturnType<typeof setTimeout> | null }
  >()

  /** `resend` asks the server for `identifier` again, and says false if the tab no longer awaits it. */
  constructor(private readonly resend: (identifier: string) => boolean) {}

  /** The server answered `unavailable`: ask again after the next backoff step. */
  schedule(identifier: string): void {
    const entry = this.waiting.get(identifier) ?? { attempts: 0, timer: null }
    this.waiting.set(identifier, entry)
    if (entry.timer !== null) clearTimeout(entry.timer)
    entry.attempts++
    entry.timer = setTimeout(() => {
      entry.timer = null
      if (!this.resend(identifier)) this.waiting.delete(identifier)
    }, unavailableRetryDelay(entry.attempts))
  }

  /**
   * Stops every timer and forgets every backoff: the subscriptions were forgotten (`disconnect`,
   * `destroy`) or are all asked for anew (the channel dropped, and its reconnect re-subscribes).
   */
  clear(): void {
    for (const { timer } of this.waiting.values()) if (timer !== null) clearTimeout(timer)
    this.waiting.clear()
  }

  /** `identifier` got another answer (subscribed, refused, ended): no more asking, backoff reset. */
  settle(identifier: string): void {
    const entry = this.waiting.get(identifier)
    if (!entry) return
    if (entry.timer !== null) clearTimeout(entry.timer)
    this.waiting.delete(identifier)
  }
}
