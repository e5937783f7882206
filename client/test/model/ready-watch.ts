/**
 * The `ready-while-stale` invariant, checked at every moment the status says `ready`: each prop
 * the client follows (identifier subscribed, prop on the page) shows at least the data of every
 * version the client was told of for it (marker delivered, `subscribed` received).
 */
import type { SyncRegistry } from '../../src/index.js'
import type { Identifier } from './app.js'
import type { SimClock } from './clock.js'
import type { ComponentLayer } from './components.js'
import type { Journal } from './journal.js'
import { isCounters } from './request-checks.js'
import type { SimServer } from './server.js'

export class ReadyWatch {
  private checkQueued = false
  /** Reported once per run: after the first, the rest say the same. */
  private reported = false

  constructor(
    private readonly journal: Journal,
    private readonly clock: SimClock,
    private readonly layer: ComponentLayer,
    private readonly server: SimServer,
    /** The current document's registry. */
    private readonly registry: () => SyncRegistry,
  ) {}

  watch(registry: SyncRegistry): void {
    // Checked once the task that made it ready is over (what a page observer can see), not in the
    // middle of a page swap that the registry learns of from the router's next event.
    registry.on('status', (status) => {
      if (!status.ready || this.checkQueued) return
      this.checkQueued = true
      this.clock.after(0, () => {
        this.checkQueued = false
        const now = this.registry().getStatus()
        if (now.ready) this.check(now)
      })
    })
  }

  private check(status: ReturnType<SyncRegistry['getStatus']>): void {
    const shown = this.layer.shown
    if (!shown || this.reported) return
    for (const [identifier, entry] of Object.entries(status.identifiers)) {
      if (entry.state !== 'subscribed') continue
      const told = this.server.told.get(identifier)
      if (told === undefined) continue
      const need = this.server.countAt(identifier as Identifier, told)
      for (const prop of entry.props) {
        const value = shown.props[prop]
        if (!isCounters(value) || value[identifier] === undefined) continue
        if (value[identifier]! < need) {
          this.reported = true
          this.journal.violate(
            'ready-while-stale',
            `ready while ${prop}.${identifier} shows ${value[identifier]} but the client was told of version ${told} (count ${need})`,
          )
          return
        }
      }
    }
  }
}
