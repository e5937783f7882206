/**
 * Identifiers whose last mapping went away during this tick. They are released (unsubscribed on
 * the server) at its end, unless re-subscribed before: a component swap that drops and re-adds an
 * identifier then costs no traffic, and keeps what the tab knew about it.
 */
export class ReleaseQueue<Entry> {
  private readonly releasing = new Map<string, Entry>()
  private scheduled = false

  constructor(private readonly release: (identifier: string) => void) {}

  /** Queues `identifier` for release at the end of the tick. */
  add(identifier: string, entry: Entry): void {
    this.releasing.set(identifier, entry)
    if (this.scheduled) return
    this.scheduled = true
    void Promise.resolve().then(() => this.flush())
  }

  /** Takes `identifier` back if it is queued; returns what the tab knew about it. */
  revive(identifier: string): Entry | undefined {
    const entry = this.releasing.get(identifier)
    this.releasing.delete(identifier)
    return entry
  }

  /** Forgets the queue without releasing anything (the channel is being left). */
  clear(): void {
    this.releasing.clear()
  }

  private flush(): void {
    this.scheduled = false
    for (const identifier of this.releasing.keys()) this.release(identifier)
    this.releasing.clear()
  }
}
