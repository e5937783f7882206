/**
 * Simulated time. A run starts its fake clock at `START`, on vitest's fake timers and `Date`; the
 * simulation's own timers (server work, network delays, scheduled operations) run on the same
 * fake `setTimeout`, so they interleave with the client's and Inertia's timers in time order, and
 * are counted so that what is left after `destroy()` can be told apart.
 */
import { vi } from 'vitest'

/** `Date.now()` when a run starts. */
export const START = 1_764_000_000_000

/** Fakes the timers and `Date` for one run (`vi.useRealTimers()` ends it). */
export function useSimulatedTime(): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    now: START,
  })
}

/** Runs every timer out, or until `deadline` (simulated `Date.now()`) has passed. */
export async function runTimersOut(deadline: number): Promise<void> {
  // Work that promises still hold (a history restore's page swap) may start new timers once
  // the last one ran: quiet means no timer left after the microtasks settled too.
  do {
    while (vi.getTimerCount() > 0 && Date.now() < deadline) {
      await vi.advanceTimersToNextTimerAsync()
    }
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0)
  } while (vi.getTimerCount() > 0 && Date.now() < deadline)
}

export class SimClock {
  private pending = new Set<ReturnType<typeof setTimeout>>()

  get count(): number {
    return this.pending.size
  }

  now(): number {
    return Date.now()
  }

  after(ms: number, fn: () => void): void {
    const id = setTimeout(
      () => {
        this.pending.delete(id)
        fn()
      },
      Math.max(0, ms),
    )
    this.pending.add(id)
  }

  cancelAll(): void {
    for (const id of this.pending) clearTimeout(id)
    this.pending.clear()
  }
}
