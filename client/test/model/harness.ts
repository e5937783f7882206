/**
 * Runs one trace against the real @inertiajs/core router and the client's `SyncRegistry`, with only
 * XMLHttpRequest and the cable faked, on vitest's fake timers, and reports every invariant that
 * did not hold. This file wires the parts together and plays the schedule; each part has its
 * own file (README.md has the map).
 */
import { router } from '@inertiajs/core'
import { vi } from 'vitest'
import type { SyncRegistry } from '../../src/index.js'
import {
  createFakeConsumer,
  type FakeCable,
  type PerformedAction,
} from '../../src/testing/index.js'
import { LOGIN_COMPONENT } from './app.js'
import { watchBackgroundFailures } from './background-failures.js'
import { patchBrowser } from './browser.js'
import { SimClock, useSimulatedTime } from './clock.js'
import { ComponentLayer } from './components.js'
import { DocumentLifecycle } from './document-lifecycle.js'
import { EndChecks } from './end-checks.js'
import { quietInertiasOwnVisits } from './inertia-visits.js'
import type { Violation } from './invariants.js'
import { Journal } from './journal.js'
import { Network } from './network.js'
import { Prng } from './prng.js'
import { ReadyWatch } from './ready-watch.js'
import { checkOverwrite, checkSyncRequest } from './request-checks.js'
import { SimServer } from './server.js'
import { syncClientRouter } from './sync-client-router.js'
import type { Op, Trace } from './trace.js'
import { SimUser } from './user.js'

export { INVARIANTS, type Invariant, type Violation } from './invariants.js'

export interface RunResult {
  violations: Violation[]
  syncReloads: number
  log: string[]
}

export interface RunOptions {
  /** Keep a log of what happened (printed when replaying). */
  verbose?: boolean
  /** Breaks the client on purpose, to show each invariant can fail (harness.test.ts). */
  sabotage?: Sabotage
}

export interface Sabotage {
  /** Replaces the registry's `router.reload` calls (`reload` is the real one). */
  reload?: (
    options: Record<string, unknown>,
    reload: (options: Record<string, unknown>) => void,
  ) => void
  /** Runs on the registry right after it is created. */
  registry?: (registry: SyncRegistry) => void
}

let runs = 0

/** Runs `trace` once. Never throws for the client's sake: a crash is a violation. */
export async function runTrace(trace: Trace, options: RunOptions = {}): Promise<RunResult> {
  const run = new Run(trace, options)
  try {
    await run.execute()
  } catch (error) {
    run.journal.violate(
      'crash',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    )
  } finally {
    await run.teardown()
  }
  const { journal, network } = run
  return { violations: journal.violations, syncReloads: network.syncReloads, log: journal.log }
}

class Run {
  readonly journal: Journal
  readonly network: Network
  private readonly id = ++runs
  private readonly clock = new SimClock()
  private readonly cable: FakeCable
  private readonly server: SimServer
  private readonly layer: ComponentLayer
  private readonly documents: DocumentLifecycle
  private readonly user: SimUser
  private readonly readyWatch: ReadyWatch
  private readonly endChecks: EndChecks
  /** Router listeners the sync client added and has not removed. */
  private readonly routerListeners = { count: 0 }
  /** `visibilitychange` listeners added and not removed. */
  private readonly visibilityListeners = { count: 0 }
  /** What the run changed in the shared window, router and process: undone at the end. */
  private readonly cleanups: Array<() => void> = []

  constructor(
    private readonly trace: Trace,
    private readonly options: RunOptions,
  ) {
    // The user's sign-in delays and the burst probe draw from one sequence, as they happen.
    const random = new Prng(trace.net + 7)
    this.journal = new Journal(Boolean(options.verbose))
    this.cable = createFakeConsumer({ autoReply: false })
    this.server = new SimServer(this.clock, this.cable, new Prng(trace.net))
    this.layer = new ComponentLayer(this.clock, {
      registry: () => this.documents.registry,
      onShown: (page, before) => {
        const id = page.modelResponse
        if (id === undefined) return
        checkOverwrite(this.journal, id, this.network.takeDelivered(id), before)
      },
    })
    this.network = new Network(this.server, this.clock, this.journal, this.id, {
      onSyncRequest: (request, inFlight) =>
        checkSyncRequest(this.journal, this.layer, request, inFlight),
      onConflict: (sync, location) => this.documents.conflict(sync, location),
    })
    this.user = new SimUser(this.clock, this.layer, this.journal, random)
    this.readyWatch = new ReadyWatch(
      this.journal,
      this.clock,
      this.layer,
      this.server,
      () => this.documents.registry,
    )
    this.documents = new DocumentLifecycle({
      server: this.server,
      cable: this.cable,
      layer: this.layer,
      network: this.network,
      journal: this.journal,
      runId: this.id,
      syncClientRouter: () =>
        syncClientRouter({
          sabotage: options.sabotage?.reload,
          onFullVisit: (url) => this.documents.fullVisit(url),
          listeners: this.routerListeners,
        }),
      prepare: (registry) => {
        this.options.sabotage?.registry?.(registry)
        this.endChecks.watch(registry)
        this.readyWatch.watch(registry)
        this.journal.follow(registry)
      },
      onSwap: (page, preserveState) => {
        this.layer.swap(page, preserveState)
        if (page.component === LOGIN_COMPONENT) this.user.signInLater()
      },
    })
    this.endChecks = new EndChecks({
      journal: this.journal,
      clock: this.clock,
      cable: this.cable,
      server: this.server,
      layer: this.layer,
      network: this.network,
      documents: this.documents,
      random,
      routerListeners: this.routerListeners,
      visibilityListeners: this.visibilityListeners,
    })
  }

  async execute(): Promise<void> {
    this.install()
    this.documents.start(this.server.render('/accounts/a1', null, this.server.seq))
    await vi.advanceTimersByTimeAsync(0)

    for (const op of this.trace.ops) this.clock.after(op.t, () => this.apply(op))
    const end = Math.max(0, ...this.trace.ops.map((op) => op.t))
    await vi.advanceTimersByTimeAsync(end + 1)

    // The schedule is over: the tab is shown again; drops and outages heal on their own timers.
    this.user.setHidden(false)
    await this.endChecks.quiet()
    this.endChecks.checkConverged('after the schedule')
    this.endChecks.checkFullVisits()
    await this.endChecks.burstProbe()
    await this.endChecks.checkDestroy()
  }

  /** One operation of the schedule: the world's go to the server or the network, the rest are the user's. */
  private apply(op: Op): void {
    this.journal.note(`op ${JSON.stringify(op)}`)
    switch (op.kind) {
      case 'commit':
        this.server.commit(op.ids, op.gap, op.delays, op.spread)
        break
      case 'drop':
        this.server.drop(op.down)
        break
      case 'interrupt':
        this.server.interrupt(op.down)
        break
      case 'revoke':
        this.server.revoke(op.id)
        break
      case 'deploy':
        this.server.deploy()
        break
      case 'expire':
        this.server.expire()
        break
      case 'fail':
        this.network.failNext({ what: op.what, target: op.target })
        break
      default:
        this.user.act(op)
    }
  }

  private install(): void {
    useSimulatedTime()
    this.network.attach()
    patchBrowser(
      {
        seed: this.trace.net + 13,
        hidden: () => this.user.hidden,
        onLocationVisit: () => this.documents.locationVisit(),
        onPushState: () => this.user.historyDepth++,
        visibilityListeners: this.visibilityListeners,
      },
      this.cleanups,
    )
    // Every action the client performs reaches the simulated channel, in order.
    const performed: PerformedAction[] = []
    performed.push = (...items: PerformedAction[]) => {
      for (const item of items) {
        this.journal.note(`perform ${item.action} ${item.identifier}`)
        this.server.command(item.action, item.identifier)
      }
      return Array.prototype.push.apply(performed, items)
    }
    this.cable.performed = performed
    quietInertiasOwnVisits(this.cleanups)
    watchBackgroundFailures(this.journal, this.cleanups)
  }

  async teardown(): Promise<void> {
    try {
      this.layer.unmountAll()
      this.documents.registry?.destroy()
    } catch (error) {
      this.journal.violate('crash', `destroy threw: ${String(error)}`)
    }
    router.cancelAll()
    this.network.abortUnfinished()
    try {
      await vi.advanceTimersByTimeAsync(0)
    } catch {
      // the run is over
    }
    this.clock.cancelAll()
    vi.clearAllTimers()
    this.network.detach()
    this.documents.removeListeners()
    for (const cleanup of this.cleanups.reverse()) cleanup()
    document.getElementById('inertia-error-dialog')?.remove()
    vi.useRealTimers()
  }
}
