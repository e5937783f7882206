/**
 * The network between Inertia and the simulated Rails side: every XMLHttpRequest Inertia sends
 * goes to the server, and its answer comes back through the fake XHR, unless the schedule made
 * the request fail (a 500, a network error, a request that never finishes). It owns the requests
 * in flight, the failures queued for the next ones, and which response carried which page.
 */
import { vi } from 'vitest'
import { FakeXHR } from '../helpers/inertia.js'
import type { SimClock } from './clock.js'
import type { Journal } from './journal.js'
import type { Refusal, RenderedPage, SimRequest, SimServer } from './server.js'

/** A request that never finishes dies silently this long after it was sent (a browser timeout). */
const HANG_MS = 30_000

export type FailureKind = '500' | 'network' | 'hang'

/** A failure the schedule queued: it takes the next request (`sync`: the next sync reload). */
export interface QueuedFailure {
  what: FailureKind
  target: 'sync' | 'any'
}

/** A response the network delivered: whether it answered a sync reload, and its page. */
export interface Delivered {
  sync: boolean
  page: RenderedPage
}

export class ModelXHR extends FakeXHR {
  static onSend: ((xhr: ModelXHR) => void) | null = null
  override send(body: unknown) {
    super.send(body)
    ModelXHR.onSend?.(this)
  }
}

export interface NetworkHooks {
  /** A sync reload is being sent while `inFlight` other sync requests have not finished. */
  onSyncRequest(request: SimRequest, inFlight: number): void
  /** A 409 tells Inertia to load `location` anew; `sync`: it answers a sync reload. */
  onConflict(sync: boolean, location: string | null): void
}

export class Network {
  /** Sync reloads sent (by any document's registry). */
  syncReloads = 0
  private failures: QueuedFailure[] = []
  private readonly xhrs: Array<{ xhr: ModelXHR; sync: boolean }> = []
  private readonly delivered = new Map<number, Delivered>()
  private responseIds = 0
  /** The sync client's full visits' requests, with the failure each was given. */
  private readonly fullVisitRequests: Array<{ xhr: ModelXHR; failure: string }> = []

  constructor(
    private readonly server: SimServer,
    private readonly clock: SimClock,
    private readonly journal: Journal,
    private readonly runId: number,
    private readonly hooks: NetworkHooks,
  ) {}

  /** Inertia's XMLHttpRequest is this network's from now on. */
  attach(): void {
    vi.stubGlobal('XMLHttpRequest', ModelXHR)
    FakeXHR.requests = []
    ModelXHR.onSend = (xhr) => this.send(xhr)
  }

  detach(): void {
    ModelXHR.onSend = null
  }

  failNext(failure: QueuedFailure): void {
    this.failures.push(failure)
  }

  /** Failures the schedule queued but no request took are dropped. */
  forgetFailures(): void {
    this.failures = []
  }

  /** The page a response (`modelResponse` id) carried, once: when it is shown. */
  takeDelivered(id: number): Delivered | undefined {
    const delivered = this.delivered.get(id)
    this.delivered.delete(id)
    return delivered
  }

  /** The sync client's full visits whose request failed (as the schedule said) or was cancelled. */
  get failedFullVisits(): number {
    return this.fullVisitRequests.filter((r) => r.failure !== 'ok' || r.xhr.aborted).length
  }

  /** The document unloads: each of its unfinished requests dies without an event. */
  dropUnfinished(): void {
    for (const { xhr } of this.xhrs) {
      if (xhr.done) continue
      xhr.done = true
      this.journal.note(`request ${xhr.method} ${xhr.path} dies with its document`)
    }
  }

  /** The run is over: unfinished requests are aborted. */
  abortUnfinished(): void {
    for (const { xhr } of this.xhrs) if (!xhr.done) xhr.abort()
  }

  private send(xhr: ModelXHR): void {
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
    if (sync) {
      this.syncReloads++
      const inFlight = this.xhrs.filter((r) => r.sync && !r.xhr.done).length
      this.hooks.onSyncRequest(request, inFlight)
    }
    this.xhrs.push({ xhr, sync })
    const index = this.failures.findIndex((f) => f.target === 'any' || sync)
    const failure = index >= 0 ? this.failures.splice(index, 1)[0]!.what : 'ok'
    if (xhr.requestHeaders['x-model-full-visit'] === '1') {
      this.fullVisitRequests.push({ xhr, failure })
    }
    this.journal.note(
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
        this.hooks.onConflict(sync, page.headers['x-inertia-location'] ?? null)
      }
      this.journal.note(`${sync ? 'sync ' : ''}refused ${page.status}`)
      return xhr.respond(page.status, page.headers, page.body)
    }
    if (failure === '500') {
      xhr.respond(500, { 'content-type': 'text/html' }, '<h1>We are sorry</h1>')
    } else if (failure === 'network') {
      xhr.done = true
      xhr.onerror?.()
    } else if (page) {
      const id = ++this.responseIds
      this.delivered.set(id, { sync, page })
      const body = JSON.stringify({ ...page, modelResponse: id, modelRun: this.runId })
      this.journal.note(`${sync ? 'sync ' : ''}response ${id} ${JSON.stringify(page.props)}`)
      xhr.respond(200, { 'x-inertia': 'true', 'content-type': 'application/json' }, body)
    }
  }
}
