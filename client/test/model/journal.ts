/**
 * What a run reports: the violations it saw and, when verbose, a log of what happened (printed
 * when a trace is replayed), each line stamped with the simulated time since the run started.
 */
import type { SyncRegistry } from '../../src/index.js'
import { START } from './clock.js'
import type { Invariant, Violation } from './invariants.js'

/** The registry's events a verbose log follows. */
const LOGGED_EVENTS = ['connection', 'subscription', 'marker', 'drop', 'reload', 'reloaded']

export class Journal {
  readonly violations: Violation[] = []
  readonly log: string[] = []

  constructor(private readonly verbose: boolean) {}

  /** Simulated ms since the run started. */
  get elapsed(): number {
    return Date.now() - START
  }

  note(line: string): void {
    if (this.verbose) this.log.push(`${String(this.elapsed).padStart(6)} ${line}`)
  }

  violate(invariant: Invariant, detail: string): void {
    this.violations.push({ invariant, detail, t: this.elapsed })
    this.note(`VIOLATION ${invariant}: ${detail}`)
  }

  /** Logs the registry's events (verbose only). */
  follow(registry: SyncRegistry): void {
    if (!this.verbose) return
    const on = registry.on.bind(registry) as (e: string, cb: (x: unknown) => void) => void
    for (const event of LOGGED_EVENTS) {
      on(event, (detail) => this.note(`client ${event} ${JSON.stringify(detail)}`))
    }
  }
}
