/** How often to read Action Cable's reconnect counter while disconnected. */
const POLL_MS = 1000

/**
 * Turns endless reconnects into `failed`: counts the drops Action Cable reports, and while it
 * retries on its own (one `disconnected` per drop) reads its reconnect counter.
 */
export class ReconnectWatch {
  private drops = 0
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly limit: () => number,
    private readonly attempts: () => number,
    private readonly gaveUp: () => void,
  ) {}

  /** The channel is up: the count starts again. */
  connected(): void {
    this.drops = 0
    this.stop()
  }

  /** The channel dropped; returns whether the connection counts as failed. */
  dropped(willAttemptReconnect: boolean | undefined): boolean {
    this.drops++
    return willAttemptReconnect === false || this.tooMany(this.drops)
  }

  /** Watches Action Cable's own reconnect attempts. */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (this.tooMany(this.attempts())) this.gaveUp()
    }, POLL_MS)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private tooMany(count: number): boolean {
    const limit = this.limit()
    return limit > 0 && count >= limit
  }
}
