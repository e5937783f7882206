/**
 * The simulation's own timers (server work, network delays, scheduled operations). They run on
 * vitest's fake `setTimeout`, so they interleave with the client's and Inertia's timers in time
 * order; they are counted so that what is left after `destroy()` can be told apart.
 */
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
