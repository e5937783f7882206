/**
 * The document lifecycle, as a browser tab lives it. A document runs `router.init` on its page
 * with a registry and socket of its own. Inertia's location visit (after a 409) loads a new
 * document while the old one keeps running (the user can still click in it); when the response
 * arrives the old document is gone: its requests die without an event, Inertia forgets their
 * visits, its registry, timers and window listeners go and its socket closes. The new document
 * runs `router.init` on the page with a new registry and socket.
 */
import { router } from '@inertiajs/core'
import { SyncRegistry, type InertiaRouter } from '../../src/index.js'
import type { FakeCable } from '../../src/testing/index.js'
import type { ComponentLayer } from './components.js'
import type { Journal } from './journal.js'
import type { Network } from './network.js'
import type { RenderedPage, SimRequest, SimServer } from './server.js'

/** A page as Inertia swaps it in: what the server rendered, tagged by the network. */
export type SwappedPage = RenderedPage & { modelResponse?: number; modelRun?: number }

export interface DocumentParts {
  server: SimServer
  cable: FakeCable
  layer: ComponentLayer
  network: Network
  journal: Journal
  /** The run's id, which every page it serves carries (`modelRun`). */
  runId: number
  /** The router a new document's registry is given. */
  syncClientRouter(): InertiaRouter
  /** A new document's registry, before its router starts (sabotage, watchers). */
  prepare(registry: SyncRegistry): void
  /** Inertia's `swapComponent`: `page` is now showing. */
  onSwap(page: SwappedPage, preserveState: boolean): void
}

export class DocumentLifecycle {
  /** The current document's registry. */
  registry!: SyncRegistry
  /** Full visits the sync client caused: its own `router.visit`, Inertia's reload on its 409. */
  fullVisits = 0
  /** The last 409 answered a sync reload (Inertia then reloads the page on its own). */
  private lastConflictSync = false
  /** Where the last 409 told Inertia to load the page anew (`X-Inertia-Location`). */
  private lastLocation: string | null = null
  /** The browser is loading a new document (Inertia's location visit): the old one still runs. */
  private navigating = false
  /** What the current document added to `window` and `document`: gone with it. */
  private listenerCleanups: Array<() => void> = []

  constructor(private readonly parts: DocumentParts) {}

  /** A document loads `page`: its own registry, cable subscription and router (as a browser tab). */
  start(page: RenderedPage): void {
    this.registry = new SyncRegistry({
      router: this.parts.syncClientRouter(),
      consumer: this.parts.cable,
      domAttributes: false,
    })
    this.parts.prepare(this.registry)
    this.initRouter({ ...page, modelRun: this.parts.runId } as RenderedPage)
  }

  /** A 409 told Inertia to load `location` anew (`sync`: it answered a sync reload). */
  conflict(sync: boolean, location: string | null): void {
    this.lastConflictSync = sync
    this.lastLocation = location
  }

  /** The sync client makes a full visit of its own. */
  fullVisit(url: string): void {
    this.fullVisits++
    this.lastConflictSync = false
    this.parts.journal.note(`the sync client's full visit of ${url}`)
  }

  /**
   * Inertia is loading the page anew (it noted a location visit in sessionStorage and set
   * `window.location`, which jsdom cannot follow): the browser requests the document (a fresh
   * load, no Inertia request: no 409; an ended session's is the login page) while the old
   * document keeps running; when the response arrives the old document is replaced. A second
   * location visit meanwhile goes to the same page: the navigation under way stands for it.
   */
  locationVisit(): void {
    if (this.lastConflictSync) this.fullVisits++ // Inertia's own answer to the sync reload's 409
    this.lastConflictSync = false
    const location = this.lastLocation ?? window.location.href
    this.lastLocation = null
    if (this.navigating) return
    this.navigating = true
    const path = new URL(location, window.location.origin).pathname
    this.parts.journal.note(`Inertia loads the document ${path} anew`)
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
    this.parts.server.handle(load, (page) => this.replace(page as RenderedPage), 'ok')
  }

  /** Removes what the current document added to `window` and `document`. */
  removeListeners(): void {
    for (const cleanup of this.listenerCleanups.splice(0)) cleanup()
  }

  /**
   * The new document replaces the old one: every request of the old document dies without an
   * event (a browser aborts them as it unloads), as do its timers, listeners and its socket.
   */
  private replace(page: RenderedPage): void {
    this.navigating = false
    this.parts.network.dropUnfinished()
    forgetRequests(router)
    this.parts.layer.unmountAll()
    this.registry.destroy()
    this.parts.server.newSocket()
    this.removeListeners()
    this.parts.journal.note(`a new document shows ${page.url}`)
    this.start(page)
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
          const shown = next as SwappedPage
          if (shown.modelRun !== this.parts.runId)
            this.parts.journal.violate(
              'crash',
              `model error: a page from another run (${shown.modelRun})`,
            )
          this.parts.journal.note(
            `swap ${shown.url} preserveState=${preserveState} response=${shown.modelResponse}`,
          )
          this.parts.onSwap(shown, preserveState)
        },
      } as never)
    } finally {
      targets.forEach((target, i) => (target.addEventListener = originals[i]!))
    }
    this.listenerCleanups.push(() => {
      for (const [target, type, listener, opts] of added) {
        target.removeEventListener(type, listener, opts as EventListenerOptions)
      }
    })
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
