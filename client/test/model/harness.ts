/**
 * Runs one trace against the real @inertiajs/core router and the client's `SyncRegistry`, with only
 * XMLHttpRequest and the cable faked, on vitest's fake timers, and reports every invariant that
 * did not hold.
 */
import { router } from '@inertiajs/core'
import { vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../../src/index.js'
import {
  createFakeConsumer,
  type FakeCable,
  type PerformedAction,
} from '../../src/testing/index.js'
import { FakeXHR } from '../helpers/inertia.js'
import { LOGIN_COMPONENT, ROUTES, SIGN_IN_PATH, type Identifier } from './app.js'
import { SimClock } from './clock.js'
import { ComponentLayer } from './components.js'
import { Prng } from './prng.js'
import { SimServer, type Refusal, type RenderedPage, type SimRequest } from './server.js'
import type { Op, Trace } from './trace.js'

export const INVARIANTS = [
  'convergence',
  'ready-honest',
  'ready-while-stale',
  'ready-when-quiet',
  'revoked-reported',
  'overlap',
  'foreign-props',
  'older-overwrites',
  'burst-bound',
  'background-failure',
  'full-visits',
  'quiescence',
  'destroy-leftovers',
  'crash',
] as const
export type Invariant = (typeof INVARIANTS)[number]

export interface Violation {
  invariant: Invariant
  detail: string
  t: number
}

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

/** A request that never finishes dies silently this long after it was sent (a browser timeout). */
const HANG_MS = 30_000
/** How long the quiet phase may last before the run counts as not settling. */
const QUIET_CAP_MS = 180_000
const DEBOUNCE_MS = 300
const START = 1_764_000_000_000

let runs = 0

class ModelXHR extends FakeXHR {
  static onSend: ((xhr: ModelXHR) => void) | null = null
  override send(body: unknown) {
    super.send(body)
    ModelXHR.onSend?.(this)
  }
}

/** Runs `trace` once. Never throws for the client's sake: a crash is a violation. */
export async function runTrace(trace: Trace, options: RunOptions = {}): Promise<RunResult> {
  const run = new Run(trace, options)
  try {
    await run.execute()
  } catch (error) {
    run.violate('crash', error instanceof Error ? (error.stack ?? error.message) : String(error))
  } finally {
    await run.teardown()
  }
  return { violations: run.violations, syncReloads: run.syncReloads, log: run.log }
}

class Run {
  readonly violations: Violation[] = []
  readonly log: string[] = []
  syncReloads = 0
  private readonly clock = new SimClock()
  private readonly cable: FakeCable
  private readonly server: SimServer
  private readonly layer: ComponentLayer
  private registry!: SyncRegistry
  private hidden = false
  private failures: Array<{ what: '500' | 'network' | 'hang'; target: 'sync' | 'any' }> = []
  private readonly xhrs: Array<{ xhr: ModelXHR; sync: boolean }> = []
  private readonly responses = new Map<number, { sync: boolean; page: RenderedPage }>()
  private responseIds = 0
  private routerListeners = 0
  private visibilityListeners = 0
  private readonly cleanups: Array<() => void> = []
  private readonly random: Prng
  private historyDepth = 0
  private reportedReadyStale = false
  /** Full visits the sync client caused: its own `router.visit`, Inertia's reload on its 409. */
  private fullVisits = 0
  /** Their requests: one that failed (as the schedule said) or was cancelled may be sent again. */
  private readonly fullVisitRequests: Array<{ xhr: ModelXHR; failure: string }> = []
  /** The last 409 answered a sync reload (Inertia then reloads the page on its own). */
  private lastConflictSync = false
  /** Where the last 409 told Inertia to load the page anew (`X-Inertia-Location`). */
  private lastLocation: string | null = null
  /** The browser is loading a new document (Inertia's location visit): the old one still runs. */
  private navigating = false
  /** What the current document added to `window` and `document`: gone with it. */
  private documentCleanups: Array<() => void> = []
  /** The user is about to sign in on the login page. */
  private signInQueued = false
  /** When each sync reload started (of any document's registry). */
  private readonly reloadsAt: number[] = []
  private readyCheckQueued = false
  private readonly id = ++runs

  constructor(
    private readonly trace: Trace,
    private readonly options: RunOptions,
  ) {
    this.random = new Prng(trace.net + 7)
    this.cable = createFakeConsumer({ autoReply: false })
    this.server = new SimServer(this.clock, this.cable, new Prng(trace.net))
    this.layer = new ComponentLayer(this.clock, {
      registry: () => this.registry,
      onShown: (page, before) => this.checkOverwrite(page, before),
    })
  }

  violate(invariant: Invariant, detail: string): void {
    this.violations.push({ invariant, detail, t: this.elapsed })
    this.note(`VIOLATION ${invariant}: ${detail}`)
  }

  private get elapsed(): number {
    return Date.now() - START
  }

  private note(line: string): void {
    if (this.options.verbose) this.log.push(`${String(this.elapsed).padStart(6)} ${line}`)
  }

  async execute(): Promise<void> {
    this.install()
    this.startDocument(this.server.render('/accounts/a1', null, this.server.seq))
    await vi.advanceTimersByTimeAsync(0)

    for (const op of this.trace.ops) this.clock.after(op.t, () => this.apply(op))
    const end = Math.max(0, ...this.trace.ops.map((op) => op.t))
    await vi.advanceTimersByTimeAsync(end + 1)

    // The schedule is over: the tab is shown again; drops and outages heal on their own timers.
    this.setHidden(false)
    await this.quiet()
    this.checkConverged('after the schedule')
    const failed = this.fullVisitRequests.filter((r) => r.failure !== 'ok' || r.xhr.aborted).length
    if (this.fullVisits > this.server.conflicts + failed) {
      this.violate(
        'full-visits',
        `${this.fullVisits} full visits for ${this.server.conflicts} conflicts (${failed} failed or cancelled)`,
      )
    }
    await this.burstProbe()
    await this.checkDestroy()
  }

  // --- documents ----------------------------------------------------------------------------

  /** A document loads `page`: its own registry, cable subscription and router (as a browser tab). */
  private startDocument(page: RenderedPage): void {
    this.registry = new SyncRegistry({
      router: this.routerProxy(),
      consumer: this.cable,
      domAttributes: false,
    })
    this.options.sabotage?.registry?.(this.registry)
    this.watch(this.registry)
    this.initRouter({ ...page, modelRun: this.id } as RenderedPage)
  }

  private watch(registry: SyncRegistry): void {
    registry.on('reload', () => this.reloadsAt.push(Date.now()))
    // Checked once the task that made it ready is over (what a page observer can see), not in the
    // middle of a page swap that the registry learns of from the router's next event.
    registry.on('status', (status) => {
      if (!status.ready || this.readyCheckQueued) return
      this.readyCheckQueued = true
      this.clock.after(0, () => {
        this.readyCheckQueued = false
        const now = this.registry.getStatus()
        if (now.ready) this.checkReadyFresh(now)
      })
    })
    if (!this.options.verbose) return
    const on = registry.on.bind(registry) as (e: string, cb: (x: unknown) => void) => void
    for (const event of ['connection', 'subscription', 'marker', 'drop', 'reload', 'reloaded']) {
      on(event, (detail) => this.note(`client ${event} ${JSON.stringify(detail)}`))
    }
  }

  /**
   * Inertia is loading the page anew (it noted a location visit in sessionStorage and set
   * `window.location`, which jsdom cannot follow): the browser requests the document (a fresh
   * load, no Inertia request: no 409; an ended session's is the login page) while the old document keeps running;
   * when the response arrives the old document is replaced. A second location visit meanwhile
   * goes to the same page: the navigation under way stands for it.
   */
  locationVisit(): void {
    if (this.lastConflictSync) this.fullVisits++ // Inertia's own answer to the sync reload's 409
    this.lastConflictSync = false
    const location = this.lastLocation ?? window.location.href
    this.lastLocation = null
    if (this.navigating) return
    this.navigating = true
    const path = new URL(location, window.location.origin).pathname
    this.note(`Inertia loads the document ${path} anew`)
    const load: SimRequest = {
      method: 'GET',
      path,
      version: null,
      hardReload: true,
      only: null,
      except: [],
      partialComponent: null,
      body: null,
    }
    this.server.handle(load, (page) => this.replaceDocument(page as RenderedPage), 'ok')
  }

  /**
   * The new document replaces the old one: every request of the old document dies without an
   * event (a browser aborts them as it unloads), as do its timers, listeners and its socket.
   */
  private replaceDocument(page: RenderedPage): void {
    this.navigating = false
    for (const { xhr } of this.xhrs) {
      if (xhr.done) continue
      xhr.done = true
      this.note(`request ${xhr.method} ${xhr.path} dies with its document`)
    }
    forgetRequests(router)
    this.layer.unmountAll()
    this.registry.destroy()
    this.server.newSocket()
    for (const cleanup of this.documentCleanups.splice(0)) cleanup()
    this.note(`a new document shows ${page.url}`)
    this.startDocument(page)
  }

  // --- operations -----------------------------------------------------------------------------

  private apply(op: Op): void {
    this.note(`op ${JSON.stringify(op)}`)
    const quietly = { onNetworkError: () => false, onHttpException: () => false }
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
      case 'visit':
        this.layer.nextMountDelay = op.mount
        router.visit(op.path, quietly)
        break
      case 'back':
        if (this.historyDepth === 0) break
        this.historyDepth--
        this.layer.nextMountDelay = op.mount
        window.history.back()
        break
      case 'partial':
        router.visit(this.layer.shownPath, {
          only: op.only,
          preserveState: true,
          preserveScroll: true,
          ...quietly,
        })
        break
      case 'reload':
        router.reload({ only: op.only, async: op.async, ...quietly })
        break
      case 'post':
        router.post(
          '/touch',
          { ids: op.ids, job: op.job, back: this.layer.shownPath } as never,
          quietly,
        )
        break
      case 'hide':
        this.setHidden(true)
        break
      case 'show':
        this.setHidden(false)
        break
      case 'fail':
        this.failures.push({ what: op.what, target: op.target })
        break
      case 'deploy':
        this.server.deploy()
        break
      case 'expire':
        this.server.expire()
        break
    }
  }

  /** The login page shows: the user signs in a moment later (again if that did not get through). */
  private signInLater(): void {
    if (this.signInQueued) return
    this.signInQueued = true
    this.clock.after(this.random.int(300, 3_000), () => {
      this.signInQueued = false
      if (this.layer.shown?.component !== LOGIN_COMPONENT) return
      this.note('the user signs in')
      router.post(
        SIGN_IN_PATH,
        {},
        {
          onNetworkError: () => false,
          onHttpException: () => false,
          onFinish: () => {
            if (this.layer.shown?.component === LOGIN_COMPONENT) this.signInLater()
          },
        },
      )
    })
  }

  private setHidden(hidden: boolean): void {
    if (this.hidden === hidden) return
    this.hidden = hidden
    document.dispatchEvent(new Event('visibilitychange'))
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private onRequest(xhr: ModelXHR): void {
    const sync = xhr.requestHeaders['x-model-sync'] === '1'
    const request: SimRequest = {
      method: xhr.method.toUpperCase(),
      path: xhr.path,
      version: xhr.requestHeaders['x-inertia-version'] ?? null,
      hardReload: false,
      only: xhr.only,
      except: xhr.requestHeaders['x-inertia-partial-except']?.split(',') ?? [],
      partialComponent: xhr.requestHeaders['x-inertia-partial-component'] ?? null,
      body: typeof xhr.body === 'string' ? JSON.parse(xhr.body) : xhr.body,
    }
    if (sync) this.checkSyncRequest(xhr, request)
    this.xhrs.push({ xhr, sync })
    const index = this.failures.findIndex((f) => f.target === 'any' || sync)
    const failure = index >= 0 ? this.failures.splice(index, 1)[0]!.what : 'ok'
    if (xhr.requestHeaders['x-model-full-visit'] === '1') {
      this.fullVisitRequests.push({ xhr, failure })
    }
    this.note(
      `${sync ? 'sync ' : ''}request ${request.method} ${request.path} only=${request.only} ${failure}`,
    )
    if (failure === 'hang') this.clock.after(HANG_MS, () => (xhr.done = true))
    this.server.handle(request, (page) => this.answer(xhr, sync, page, failure), failure)
  }

  private answer(
    xhr: ModelXHR,
    sync: boolean,
    page: RenderedPage | Refusal | null,
    failure: string,
  ): void {
    if (xhr.done) return
    if (failure === 'hang') return
    if (page && 'status' in page) {
      if (page.status === 409) {
        this.lastConflictSync = sync
        this.lastLocation = page.headers['x-inertia-location'] ?? null
      }
      this.note(`${sync ? 'sync ' : ''}refused ${page.status}`)
      return xhr.respond(page.status, page.headers, page.body)
    }
    if (failure === '500') {
      xhr.respond(500, { 'content-type': 'text/html' }, '<h1>We are sorry</h1>')
    } else if (failure === 'network') {
      xhr.done = true
      xhr.onerror?.()
    } else if (page) {
      const id = ++this.responseIds
      this.responses.set(id, { sync, page })
      const body = JSON.stringify({ ...page, modelResponse: id, modelRun: this.id })
      this.note(`${sync ? 'sync ' : ''}response ${id} ${JSON.stringify(page.props)}`)
      xhr.respond(200, { 'x-inertia': 'true', 'content-type': 'application/json' }, body)
    }
  }

  private checkSyncRequest(xhr: ModelXHR, request: SimRequest): void {
    this.syncReloads++
    const flying = this.xhrs.filter((r) => r.sync && !r.xhr.done)
    if (flying.length > 0) {
      this.violate(
        'overlap',
        `a sync reload of ${request.only} was sent while ${flying.length} was in flight`,
      )
    }
    const shown = this.layer.shown
    const foreign = (request.only ?? []).filter((prop) => !(prop in (shown?.props ?? {})))
    if (request.path !== this.layer.shownPath || foreign.length > 0 || request.only === null) {
      this.violate(
        'foreign-props',
        `sync reload of ${request.path} only=${request.only} while ${this.layer.shownPath} shows ${Object.keys(shown?.props ?? {})}`,
      )
    }
    void xhr
  }

  /** A sync response must not put older data over what the page already shows. */
  private checkOverwrite(
    page: { props: Record<string, unknown> } & { modelResponse?: number },
    before: Record<string, unknown> | null,
  ): void {
    const id = page.modelResponse
    if (id === undefined) return
    const response = this.responses.get(id)
    this.responses.delete(id)
    if (!response?.sync || !before) return
    for (const [prop, value] of Object.entries(response.page.props)) {
      if (prop === 'inertia_sync' || prop === 'errors') continue
      const old = before[prop]
      if (!isCounters(value) || !isCounters(old)) continue
      for (const [identifier, count] of Object.entries(value)) {
        if (old[identifier] !== undefined && count < old[identifier]) {
          this.violate(
            'older-overwrites',
            `sync response ${id} set ${prop}.${identifier} back from ${old[identifier]} to ${count}`,
          )
        }
      }
    }
  }

  // --- checks ---------------------------------------------------------------------------------

  /**
   * Whenever the status says ready: every prop the client follows (identifier subscribed, prop on
   * the page) shows at least the data of every version the client was told of for it.
   */
  private checkReadyFresh(status: ReturnType<SyncRegistry['getStatus']>): void {
    const shown = this.layer.shown
    if (!shown || this.reportedReadyStale) return
    for (const [identifier, entry] of Object.entries(status.identifiers)) {
      if (entry.state !== 'subscribed') continue
      const told = this.server.told.get(identifier)
      if (told === undefined) continue
      const need = this.server.countAt(identifier as Identifier, told)
      for (const prop of entry.props) {
        const value = shown.props[prop]
        if (!isCounters(value) || value[identifier] === undefined) continue
        if (value[identifier]! < need) {
          this.reportedReadyStale = true
          this.violate(
            'ready-while-stale',
            `ready while ${prop}.${identifier} shows ${value[identifier]} but the client was told of version ${told} (count ${need})`,
          )
          return
        }
      }
    }
  }

  /** Runs every timer out (or to the cap). */
  private async quiet(): Promise<void> {
    const deadline = Date.now() + QUIET_CAP_MS
    const from = this.reloadsAt.length
    // Work that promises still hold (a history restore's page swap) may start new timers once
    // the last one ran: quiet means no timer left after the microtasks settled too.
    do {
      while (vi.getTimerCount() > 0 && Date.now() < deadline) {
        await vi.advanceTimersToNextTimerAsync()
      }
      for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0)
    } while (vi.getTimerCount() > 0 && Date.now() < deadline)
    const reloadsAt = this.reloadsAt.slice(from)
    if (vi.getTimerCount() > 0 && reloadsAt.some((t) => t > deadline - 60_000)) {
      this.violate('quiescence', `still reloading ${QUIET_CAP_MS} ms after the schedule ended`)
    }
  }

  private stale(): string[] {
    const shown = this.layer.shown
    const route = ROUTES[this.layer.shownPath]
    if (!shown || !route) return ['no page shown']
    const stale: string[] = []
    for (const [prop, ids] of Object.entries(route.props)) {
      if (ids.length === 0 || ids.some((id) => this.server.revoked.has(id))) continue
      // A prop the page does not have is not shown: Inertia makes a partial response the whole
      // page when another component shows meanwhile (an app's async reload led to the login
      // page), and a sync reload asks only for props the page has.
      if (!(prop in shown.props)) continue
      const want = JSON.stringify(this.server.propValue(ids))
      const have = JSON.stringify(shown.props[prop])
      if (want !== have) stale.push(`${prop}: shows ${have}, server has ${want}`)
    }
    return stale
  }

  private checkConverged(when: string): void {
    const stale = this.stale()
    const status = this.registry.getStatus()
    const route = ROUTES[this.layer.shownPath]
    const revoked = Object.values(route?.props ?? {})
      .flat()
      .filter((id) => this.server.revoked.has(id))
    if (stale.length > 0)
      this.violate('convergence', `${when} on ${this.layer.shownPath}: ${stale.join('; ')}`)
    if (status.ready && stale.length > 0) {
      this.violate('ready-honest', `ready ${when} although ${stale.join('; ')}`)
    }
    // The protocol: a subscription the server ended is reported as failed, like an error reply.
    const unreported = revoked.filter(
      (id) => status.identifiers[id] && status.identifiers[id]!.state !== 'error',
    )
    if (unreported.length > 0) {
      this.violate(
        'revoked-reported',
        `${when}: ${unreported.map((id) => `${id} is ${status.identifiers[id]!.state}`).join(', ')} although the server ended it`,
      )
    }
    // The client joins the channel with its first subscription: a document loaded on a page with
    // nothing to follow stays idle (not connected, hence not ready, as documented).
    const joined = status.connection !== 'idle' || status.total > 0
    if (
      !status.ready &&
      stale.length === 0 &&
      revoked.length === 0 &&
      this.server.connected &&
      joined
    ) {
      this.violate(
        'ready-when-quiet',
        `not ready ${when}: ${JSON.stringify(statusSummary(status))}`,
      )
    }
  }

  /** After convergence: a burst of commits on the page's identifiers costs a bounded number of reloads. */
  private async burstProbe(): Promise<void> {
    const route = ROUTES[this.layer.shownPath]
    const ids = [...new Set(Object.values(route?.props ?? {}).flat())].filter(
      (id) => !this.server.revoked.has(id),
    ) as Identifier[]
    if (ids.length === 0 || this.violations.length > 0) return
    this.failures = [] // failures the schedule queued but no request took: the probe runs clean
    const window = this.random.int(0, 3_000)
    const n = this.random.int(2, 15)
    const before = this.syncReloads
    for (let k = 0; k < n; k++) {
      const id = this.random.pick(ids)
      const delay = this.random.int(1, 20)
      this.clock.after(Math.floor((k * window) / (n - 1)), () =>
        this.server.commit([id], 0, [delay]),
      )
    }
    await this.quiet()
    const reloads = this.syncReloads - before
    // One reload per marker at most, and markers closer than the debounce share one.
    const bound = Math.min(n, Math.floor(window / DEBOUNCE_MS) + 1) + 1
    if (reloads > bound) {
      this.violate(
        'burst-bound',
        `${n} commits over ${window} ms took ${reloads} sync reloads (bound ${bound})`,
      )
    }
    this.checkConverged('after a burst')
  }

  private async checkDestroy(): Promise<void> {
    this.layer.unmountAll()
    await vi.advanceTimersByTimeAsync(0)
    this.registry.destroy()
    await vi.advanceTimersByTimeAsync(0)
    const left: string[] = []
    const timers = vi.getTimerCount() - this.clock.count - this.layer.timerCount
    if (timers > 0) left.push(`${timers} timers`)
    if (this.routerListeners > 0) left.push(`${this.routerListeners} router listeners`)
    const channels = this.cable.channels.filter((c) => !c.closed).length
    if (channels > 0) left.push(`${channels} cable subscriptions`)
    if (this.visibilityListeners > 0)
      left.push(`${this.visibilityListeners} visibilitychange listeners`)
    if (left.length > 0) this.violate('destroy-leftovers', left.join(', '))
  }

  // --- wiring ---------------------------------------------------------------------------------

  /** The router the registry gets: the real one, tagging its reloads and counting its listeners. */
  private routerProxy(): InertiaRouter {
    return new Proxy(router as unknown as InertiaRouter, {
      get: (target, key, receiver) => {
        if (key === 'reload') {
          const reload = (options: { headers?: Record<string, string> }) =>
            router.reload({
              ...(options as object),
              headers: { ...options?.headers, 'X-Model-Sync': '1' },
            } as never)
          const sabotage = this.options.sabotage?.reload
          return sabotage ? (options: Record<string, unknown>) => sabotage(options, reload) : reload
        }
        if (key === 'visit') {
          return (url: string, options: { headers?: Record<string, string> } = {}) => {
            // The sync reload of the shown page's own URL, when the address bar names another
            // (src/core/shown-page-reload.ts): a reload, not a full visit.
            if ('preserveUrl' in options) {
              const reload = (reloadOptions: { headers?: Record<string, string> }) =>
                router.visit(url, {
                  ...(reloadOptions as object),
                  headers: { ...reloadOptions?.headers, 'X-Model-Sync': '1' },
                } as never)
              const sabotage = this.options.sabotage?.reload
              return sabotage ? sabotage(options, reload) : reload(options)
            }
            this.fullVisits++
            this.lastConflictSync = false
            this.note(`the sync client's full visit of ${url}`)
            const headers = { ...options.headers, 'X-Model-Full-Visit': '1' }
            router.visit(url, { ...(options as object), headers } as never)
          }
        }
        if (key === 'on') {
          return (event: string, callback: (e: unknown) => unknown) => {
            const off = router.on(event as never, callback as never)
            this.routerListeners++
            let done = false
            return () => {
              if (!done) this.routerListeners--
              done = true
              off()
            }
          }
        }
        const value = Reflect.get(target, key, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }

  private install(): void {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      now: START,
    })
    vi.stubGlobal('XMLHttpRequest', ModelXHR)
    FakeXHR.requests = []
    ModelXHR.onSend = (xhr) => this.onRequest(xhr)
    const scrollTo = window.scrollTo
    window.scrollTo = (() => {}) as typeof window.scrollTo // jsdom has none; Inertia calls it
    this.cleanups.push(() => (window.scrollTo = scrollTo))
    const random = new Prng(this.trace.net + 13)
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => random.next())
    this.cleanups.push(() => spy.mockRestore())

    // Inertia notes a location visit in sessionStorage, then reloads the document (which jsdom
    // cannot): the harness loads the new document itself (`locationVisit`).
    const setItem = Storage.prototype.setItem
    const store = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
      this: Storage,
      key: string,
      value: string,
    ) {
      setItem.call(this, key, value)
      if (key === 'inertiaLocationVisit') run.locationVisit()
    })
    const run = this
    this.cleanups.push(() => {
      store.mockRestore()
      window.sessionStorage.clear()
    })

    // The back button only walks this run's own history entries.
    const pushState = window.history.pushState
    window.history.pushState = (...args: Parameters<History['pushState']>) => {
      this.historyDepth++
      return pushState.apply(window.history, args)
    }
    this.cleanups.push(() => (window.history.pushState = pushState))

    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (this.hidden ? 'hidden' : 'visible'),
    })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => this.hidden })
    const add = document.addEventListener
    const remove = document.removeEventListener
    const listeners = new Set<unknown>()
    document.addEventListener = ((type: string, listener: unknown, opts?: unknown) => {
      if (type === 'visibilitychange' && !listeners.has(listener)) {
        listeners.add(listener)
        this.visibilityListeners++
      }
      return add.call(document, type, listener as EventListener, opts as AddEventListenerOptions)
    }) as typeof document.addEventListener
    document.removeEventListener = ((type: string, listener: unknown, opts?: unknown) => {
      if (type === 'visibilitychange' && listeners.delete(listener)) this.visibilityListeners--
      return remove.call(document, type, listener as EventListener, opts as EventListenerOptions)
    }) as typeof document.removeEventListener
    this.cleanups.push(() => {
      document.addEventListener = add
      document.removeEventListener = remove
    })

    // Every action the client performs reaches the simulated channel, in order.
    const performed: PerformedAction[] = []
    performed.push = (...items: PerformedAction[]) => {
      for (const item of items) {
        this.note(`perform ${item.action} ${item.identifier}`)
        this.server.command(item.action, item.identifier)
      }
      return Array.prototype.push.apply(performed, items)
    }
    this.cable.performed = performed

    // Inertia's own visits (the back button reloading a page whose history entry is missing or
    // from another asset version, a redirect it follows) belong to the user's navigation: Inertia
    // shows their failures in a real browser too, whatever the sync client does. They are quieted
    // as the user's own visits are, so the checks below see only the sync client's requests
    // (a redirect carries the headers, hence the sync-ness, of the request it answers).
    const visit = router.visit
    const quietByDefault = (options: { headers?: Record<string, string> } = {}) =>
      options.headers?.['X-Model-Sync'] === '1' || options.headers?.['X-Model-Full-Visit'] === '1'
        ? options
        : { onNetworkError: () => false, onHttpException: () => false, ...options }
    // Inertia adds its internal listeners at every `router.init` and never removes them: in one
    // process the back button of run n fired n identical reloads of the page (one per run so far)
    // where a document has one router, and a trace failed only after other runs. The first of
    // such a burst (all in one turn) is the document's own; the rest are earlier runs' leftovers.
    let missingItemBurst = false
    router.visit = function (this: typeof router, href: string | URL, options?: object) {
      if (isMissingHistoryItemVisit(href, options)) {
        if (missingItemBurst) return
        missingItemBurst = true
        queueMicrotask(() => (missingItemBurst = false))
      }
      return visit.call(this, href, quietByDefault(options) as never)
    } as typeof router.visit
    this.cleanups.push(() => delete (router as { visit?: unknown }).visit)

    // Background failures must not surface as Inertia's error dialog or an unhandled rejection.
    const onException = () =>
      this.violate(
        'background-failure',
        'a failed sync reload reached Inertia (httpException: error dialog)',
      )
    const onNetwork = () =>
      this.violate(
        'background-failure',
        'a failed sync reload reached Inertia (networkError: rejected promise)',
      )
    add.call(document, 'inertia:httpException', onException)
    add.call(document, 'inertia:networkError', onNetwork)
    // Inertia 2.x reports failures only by these events: the user's own visits are quieted here
    // (as their callbacks do on 3.x); a sync reload's must have been quieted by the registry.
    const onLegacyFailure = (event: Event) => {
      if (!isSyncFailure((event as CustomEvent).detail)) return event.preventDefault()
      queueMicrotask(() => {
        if (!event.defaultPrevented) {
          this.violate('background-failure', `a failed sync reload reached Inertia (${event.type})`)
        }
      })
    }
    add.call(document, 'inertia:invalid', onLegacyFailure)
    add.call(document, 'inertia:exception', onLegacyFailure)
    const onUnhandled = (reason: unknown) =>
      this.violate('background-failure', `unhandled rejection: ${String(reason)}`)
    process.on('unhandledRejection', onUnhandled)
    this.cleanups.push(() => {
      remove.call(document, 'inertia:httpException', onException)
      remove.call(document, 'inertia:networkError', onNetwork)
      remove.call(document, 'inertia:invalid', onLegacyFailure)
      remove.call(document, 'inertia:exception', onLegacyFailure)
      process.off('unhandledRejection', onUnhandled)
    })
  }

  /** (Re)initialises the real router on `page`, keeping the window listeners it adds to remove them. */
  private initRouter(page: RenderedPage): void {
    window.history.replaceState(null, '', page.url)
    const added: Array<[EventTarget, string, EventListenerOrEventListenerObject, unknown]> = []
    const targets: EventTarget[] = [window, document]
    const originals = targets.map((target) => target.addEventListener)
    targets.forEach((target, i) => {
      target.addEventListener = ((
        type: string,
        listener: EventListenerOrEventListenerObject,
        opts?: unknown,
      ) => {
        added.push([target, type, listener, opts])
        return originals[i]!.call(target, type, listener, opts as AddEventListenerOptions)
      }) as typeof target.addEventListener
    })
    try {
      router.init({
        initialPage: page as never,
        resolveComponent: (name: string) => ({ name }),
        swapComponent: async ({
          page: next,
          preserveState,
        }: {
          page: unknown
          preserveState: boolean
        }) => {
          const shown = next as RenderedPage & { modelResponse?: number; modelRun?: number }
          if (shown.modelRun !== this.id)
            this.violate('crash', `model error: a page from another run (${shown.modelRun})`)
          this.note(
            `swap ${shown.url} preserveState=${preserveState} response=${shown.modelResponse}`,
          )
          this.layer.swap(shown, preserveState)
          if (shown.component === LOGIN_COMPONENT) this.signInLater()
        },
      } as never)
    } finally {
      targets.forEach((target, i) => (target.addEventListener = originals[i]!))
    }
    this.documentCleanups.push(() => {
      for (const [target, type, listener, opts] of added) {
        target.removeEventListener(type, listener, opts as EventListenerOptions)
      }
    })
  }

  async teardown(): Promise<void> {
    try {
      this.layer.unmountAll()
      this.registry?.destroy()
    } catch (error) {
      this.violate('crash', `destroy threw: ${String(error)}`)
    }
    router.cancelAll()
    for (const { xhr } of this.xhrs) if (!xhr.done) xhr.abort()
    try {
      await vi.advanceTimersByTimeAsync(0)
    } catch {
      // the run is over
    }
    this.clock.cancelAll()
    vi.clearAllTimers()
    ModelXHR.onSend = null
    for (const cleanup of this.documentCleanups.splice(0)) cleanup()
    for (const cleanup of this.cleanups.reverse()) cleanup()
    document.getElementById('inertia-error-dialog')?.remove()
    vi.useRealTimers()
  }
}

/**
 * Inertia's queues of the old document's visits (the same fields on 2.x and 3.x): their requests
 * died with it, so no later visit may cancel them and fire their events in the new document.
 */
function forgetRequests(inertia: typeof router): void {
  const streams = inertia as unknown as Record<string, { requests?: unknown[] } | undefined>
  for (const name of ['syncRequestStream', 'asyncRequestStream']) {
    const stream = streams[name]
    if (!Array.isArray(stream?.requests)) throw new Error(`model error: Inertia has no ${name}`)
    stream.requests = []
  }
}

/** The visit Inertia makes when the back button finds no usable history entry for the page. */
function isMissingHistoryItemVisit(href: string | URL, options: object | undefined): boolean {
  const keys = Object.keys(options ?? {})
    .sort()
    .join(',')
  return String(href) === window.location.href && keys === 'preserveScroll,preserveState,replace'
}

function isCounters(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
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

/** Whether an Inertia 2.x `invalid` / `exception` event is about a sync reload (its header). */
function isSyncFailure(detail: {
  response?: { config?: { headers?: unknown } }
  exception?: { config?: { headers?: unknown } }
}): boolean {
  const headers = (detail?.response?.config ?? detail?.exception?.config)?.headers as
    (Record<string, unknown> & { get?: (name: string) => unknown }) | undefined
  if (!headers) return false
  if (typeof headers.get === 'function') return headers.get('x-model-sync') === '1'
  return Object.entries(headers).some(([k, v]) => k.toLowerCase() === 'x-model-sync' && v === '1')
}
