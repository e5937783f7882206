/**
 * The checks once the schedule is over: the run is let go quiet (`quiescence`), then the page must
 * match the server (`convergence`, `ready-honest`, `ready-when-quiet`, `revoked-reported`), the
 * full visits must be accounted for (`full-visits`), a burst of commits must cost a bounded
 * number of reloads (`burst-bound`), and `destroy()` must leave nothing behind
 * (`destroy-leftovers`).
 */
import { vi } from 'vitest'
import type { SyncRegistry } from '../../src/index.js'
import type { FakeCable } from '../../src/testing/index.js'
import { ROUTES, type Identifier } from './app.js'
import { runTimersOut, type SimClock } from './clock.js'
import type { ComponentLayer } from './components.js'
import type { DocumentLifecycle } from './document-lifecycle.js'
import type { Journal } from './journal.js'
import type { Network } from './network.js'
import type { Prng } from './prng.js'
import type { SimServer } from './server.js'

/** How long the quiet phase may last before the run counts as not settling. */
const QUIET_CAP_MS = 180_000
const DEBOUNCE_MS = 300

export interface EndCheckParts {
  journal: Journal
  clock: SimClock
  cable: FakeCable
  server: SimServer
  layer: ComponentLayer
  network: Network
  documents: DocumentLifecycle
  /** Draws the burst probe. */
  random: Prng
  /** Listeners the sync client added and has not removed. */
  routerListeners: { count: number }
  visibilityListeners: { count: number }
}

export class EndChecks {
  /** When each sync reload started (of any document's registry). */
  private readonly reloadsAt: number[] = []

  constructor(private readonly parts: EndCheckParts) {}

  /** Notes when `registry` starts each reload (for the quiescence check). */
  watch(registry: SyncRegistry): void {
    registry.on('reload', () => this.reloadsAt.push(Date.now()))
  }

  /** Runs every timer out (or to the cap). */
  async quiet(): Promise<void> {
    const deadline = Date.now() + QUIET_CAP_MS
    const from = this.reloadsAt.length
    await runTimersOut(deadline)
    const reloadsAt = this.reloadsAt.slice(from)
    if (vi.getTimerCount() > 0 && reloadsAt.some((t) => t > deadline - 60_000)) {
      this.parts.journal.violate(
        'quiescence',
        `still reloading ${QUIET_CAP_MS} ms after the schedule ended`,
      )
    }
  }

  checkConverged(when: string): void {
    const { journal, layer, server } = this.parts
    const stale = this.stale()
    const status = this.parts.documents.registry.getStatus()
    const route = ROUTES[layer.shownPath]
    const revoked = Object.values(route?.props ?? {})
      .flat()
      .filter((id) => server.revoked.has(id))
    if (stale.length > 0)
      journal.violate('convergence', `${when} on ${layer.shownPath}: ${stale.join('; ')}`)
    if (status.ready && stale.length > 0) {
      journal.violate('ready-honest', `ready ${when} although ${stale.join('; ')}`)
    }
    // The protocol: a subscription the server ended is reported as failed, like an error reply.
    const unreported = revoked.filter(
      (id) => status.identifiers[id] && status.identifiers[id]!.state !== 'error',
    )
    if (unreported.length > 0) {
      journal.violate(
        'revoked-reported',
        `${when}: ${unreported.map((id) => `${id} is ${status.identifiers[id]!.state}`).join(', ')} although the server ended it`,
      )
    }
    // A page that follows nothing is ready with or without a socket (nothing can make it stale);
    // one that follows something, once the server is up again.
    const reachable = server.connected || status.total === 0
    if (!status.ready && stale.length === 0 && revoked.length === 0 && reachable) {
      journal.violate(
        'ready-when-quiet',
        `not ready ${when}: ${JSON.stringify(statusSummary(status))}`,
      )
    }
  }

  /** At most one full visit per conflict (deploy, ended session), plus those that failed. */
  checkFullVisits(): void {
    const { fullVisits } = this.parts.documents
    const { conflicts } = this.parts.server
    const failed = this.parts.network.failedFullVisits
    if (fullVisits > conflicts + failed) {
      this.parts.journal.violate(
        'full-visits',
        `${fullVisits} full visits for ${conflicts} conflicts (${failed} failed or cancelled)`,
      )
    }
  }

  /** After convergence: a burst of commits on the page's identifiers costs a bounded number of reloads. */
  async burstProbe(): Promise<void> {
    const { clock, journal, network, random, server } = this.parts
    const route = ROUTES[this.parts.layer.shownPath]
    const ids = [...new Set(Object.values(route?.props ?? {}).flat())].filter(
      (id) => !server.revoked.has(id),
    ) as Identifier[]
    if (ids.length === 0 || journal.violations.length > 0) return
    network.forgetFailures() // the probe runs clean
    const window = random.int(0, 3_000)
    const n = random.int(2, 15)
    const before = network.syncReloads
    for (let k = 0; k < n; k++) {
      const id = random.pick(ids)
      const delay = random.int(1, 20)
      clock.after(Math.floor((k * window) / (n - 1)), () => server.commit([id], 0, [delay]))
    }
    await this.quiet()
    const reloads = network.syncReloads - before
    // One reload per marker at most, and markers closer than the debounce share one.
    const bound = Math.min(n, Math.floor(window / DEBOUNCE_MS) + 1) + 1
    if (reloads > bound) {
      journal.violate(
        'burst-bound',
        `${n} commits over ${window} ms took ${reloads} sync reloads (bound ${bound})`,
      )
    }
    this.checkConverged('after a burst')
  }

  async checkDestroy(): Promise<void> {
    const { cable, clock, layer, routerListeners, visibilityListeners } = this.parts
    layer.unmountAll()
    await vi.advanceTimersByTimeAsync(0)
    this.parts.documents.registry.destroy()
    await vi.advanceTimersByTimeAsync(0)
    const left: string[] = []
    const timers = vi.getTimerCount() - clock.count - layer.timerCount
    if (timers > 0) left.push(`${timers} timers`)
    if (routerListeners.count > 0) left.push(`${routerListeners.count} router listeners`)
    const channels = cable.channels.filter((c) => !c.closed).length
    if (channels > 0) left.push(`${channels} cable subscriptions`)
    if (visibilityListeners.count > 0)
      left.push(`${visibilityListeners.count} visibilitychange listeners`)
    if (left.length > 0) this.parts.journal.violate('destroy-leftovers', left.join(', '))
  }

  /** The synced props the page shows that differ from the server's data. */
  private stale(): string[] {
    const { layer, server } = this.parts
    const shown = layer.shown
    const route = ROUTES[layer.shownPath]
    if (!shown || !route) return ['no page shown']
    const stale: string[] = []
    for (const [prop, ids] of Object.entries(route.props)) {
      if (ids.length === 0 || ids.some((id) => server.revoked.has(id))) continue
      // A prop the page does not have is not shown: Inertia makes a partial response the whole
      // page when another component shows meanwhile (an app's async reload led to the login
      // page), and a sync reload asks only for props the page has.
      if (!(prop in shown.props)) continue
      const want = JSON.stringify(server.propValue(ids))
      const have = JSON.stringify(shown.props[prop])
      if (want !== have) stale.push(`${prop}: shows ${have}, server has ${want}`)
    }
    return stale
  }
}

function statusSummary(status: ReturnType<SyncRegistry['getStatus']>) {
  return {
    connection: status.connection,
    subscribed: status.subscribed,
    total: status.total,
    pending: status.pending,
    inFlight: status.inFlight,
    identifiers: Object.fromEntries(
      Object.entries(status.identifiers).map(([id, s]) => [
        id,
        s.state + (s.code ? `:${s.code}` : ''),
      ]),
    ),
  }
}
