import { CableLink } from './cable-link.js'
import { Emitter } from './emitter.js'
import { identifierStatus } from './entry.js'
import { type IntakeContext, receiveMessage } from './message-intake.js'
import {
  allReloaded,
  pageHas,
  pageInfoOf,
  recordSeen,
  type PageInfo,
  type PageMode,
} from './page.js'
import { ORIGIN_HEADER, isValidOrigin } from './protocol.js'
import type { SyncPageProp } from './protocol.js'
import { ReloadScheduler } from './reload-scheduler.js'
import { SubscriptionBook } from './subscription-book.js'
import { listenToRouter } from './router-events.js'
import { type Settings, isBrowser, resolveSetting, stripUndefined } from './settings.js'
import { StatusSnapshot, buildStatus, reflectOnDocument } from './status.js'
import { generateTabId } from './tab-id.js'
import { TabVisibility } from './tab-visibility.js'
import type { InertiaPage, InertiaRouter, SyncEventMap, SyncOptions, SyncStatus } from './types.js'

/**
 * Coordinates real-time prop sync for one tab: keeps one Action Cable subscription to
 * `SyncChannel`, reference-counts identifier → prop mappings, and turns change markers into
 * debounced, non-overlapping `router.reload({ only })` calls for the props of the current page.
 *
 * Usually used through the `syncRegistry` singleton and a framework adapter (`syncWithRails`).
 * The work is split between the cable link (cable-link.ts), the reload scheduler
 * (reload-scheduler.ts) and message intake (message-intake.ts); this class wires them together.
 */
export class SyncRegistry {
  private options: SyncOptions
  private server: SyncPageProp = {}
  private readonly emitter = new Emitter<SyncEventMap>()
  private readonly tabId: string

  private router: InertiaRouter | null = null
  private routerListeners: Array<() => void> = []

  private readonly book = new SubscriptionBook({
    maxSubscriptions: () => this.setting('maxSubscriptions'),
    cursor: () => this.page?.cursor ?? null,
    perform: (action, identifier) => this.link.perform(action, identifier),
    forget: (identifier) => this.scheduler.forget(identifier),
  })
  private readonly entries = this.book.entries
  private page: PageInfo | null = null

  private readonly link = new CableLink({
    enabled: () => this.enabled,
    cableUrl: () => this.options.cableUrl,
    reconnectAttempts: () => this.setting('reconnectAttempts'),
    log: (...args) => this.log(...args),
    connectionChanged: (state, previous) => {
      this.status.invalidate()
      this.emitter.emit('connection', { state, previous })
    },
    connected: (isReconnect) => this.book.resubscribeAll(isReconnect),
    disconnected: () => this.book.markAllPending(),
    received: (data) => receiveMessage(this.intake, data),
    changed: () => this.changed(),
  })

  private readonly scheduler: ReloadScheduler = new ReloadScheduler({
    entries: this.entries,
    emitter: this.emitter,
    router: () => this.router,
    setting: (key) => this.setting(key),
    hidden: () => this.visibility.hidden,
    log: (...args) => this.log(...args),
    pageHas: (prop) => pageHas(this.page, prop),
    allReloaded: (entry, reloaded) => allReloaded(this.page, entry, reloaded),
    applyResponse: (page, scope) => this.applyPage(page, scope),
    changed: () => this.changed(),
  })

  private readonly status = new StatusSnapshot(
    () =>
      buildStatus({
        connection: this.link.state,
        enabled: this.enabled,
        entries: this.entries,
        pending: this.scheduler.pendingIdentifiers(),
        pageHas: (prop) => pageHas(this.page, prop),
        reloads: this.scheduler.reloads,
        inFlight: this.scheduler.inFlight,
        origin: this.tabId,
      }),
    (status) => {
      if (this.setting('domAttributes')) reflectOnDocument(status)
      this.emitter.emit('status', status)
    },
  )
  private readonly visibility = new TabVisibility(() => this.scheduler.catchUp())
  private readonly intake: IntakeContext

  constructor(options: SyncOptions = {}) {
    this.options = {}
    const origin = options.origin
    if (origin !== undefined && !isValidOrigin(origin)) {
      throw new TypeError(`inertia-sync: origin must match ^[A-Za-z0-9_-]{8,64}$, got "${origin}"`)
    }
    this.tabId = origin ?? generateTabId()
    this.intake = {
      entries: this.entries,
      emitter: this.emitter,
      origin: this.tabId,
      userVisitActive: () => this.scheduler.userVisitActive,
      markDirty: (identifier, version) => this.scheduler.markDirty(identifier, version),
      log: (...args) => this.log(...args),
      changed: () => this.changed(),
    }
    this.configure(options)
  }

  /**
   * Sets options. Explicit options win over the server's `inertia_sync` page prop, which wins over
   * the defaults. May be called again (e.g. to inject the router once the app is created).
   */
  configure(options: SyncOptions): this {
    const { router, consumer, origin, ...rest } = options
    if (origin !== undefined && origin !== this.tabId) {
      throw new TypeError('inertia-sync: origin can only be set when the registry is created')
    }
    if (rest.maxReconnectAttempts !== undefined && rest.reconnectAttempts === undefined) {
      rest.reconnectAttempts = rest.maxReconnectAttempts
    }
    this.options = { ...this.options, ...stripUndefined(rest) }
    if (consumer) this.link.useConsumer(consumer)
    if (router && router !== this.router) this.attachRouter(router)
    if (this.entries.size > 0) this.link.ensureConnected()
    this.changed()
    return this
  }

  /** This tab's id, sent with every Inertia request as `X-Inertia-Sync-Origin`. */
  get origin(): string {
    return this.tabId
  }

  get debounceMs(): number {
    return this.setting('debounceMs')
  }

  get maxWaitMs(): number {
    return this.setting('maxWaitMs')
  }

  get enabled(): boolean {
    return this.setting('enabled')
  }

  /** Whether a router has been injected (adapters inject their default otherwise). */
  get hasRouter(): boolean {
    return this.router !== null
  }

  // ---------------------------------------------------------------- public API

  /**
   * Reloads `propName` whenever `identifier` changes. Mappings are reference-counted: the
   * identifier is subscribed on the server once, however many components ask for it.
   */
  subscribe(identifier: string, propName: string): void {
    if (!isBrowser()) return
    this.visibility.watch()

    const entry = this.book.add(identifier, propName)
    this.link.ensureConnected()
    this.changed()
    this.emitter.emit('subscription', { identifier, status: identifierStatus(entry) })
  }

  /**
   * Drops one mapping. When an identifier has no mapping left it is unsubscribed on the server
   * (at the end of the current tick, so a component swap that re-subscribes it causes no traffic)
   * and its pending reload work is dropped.
   */
  unsubscribe(identifier: string, propName: string): void {
    const result = this.book.remove(identifier, propName)
    if (result === 'unknown') return
    if (result === 'gone') this.emitter.emit('subscription', { identifier, status: null })
    this.scheduler.stopTimersIfIdle()
    this.changed()
  }

  /** Drops every mapping of `subscriptionMap` (identifier → prop name). */
  clearSubscriptions(subscriptionMap: Record<string, string> | Map<string, string>): void {
    const pairs =
      subscriptionMap instanceof Map ? [...subscriptionMap] : Object.entries(subscriptionMap)
    for (const [identifier, propName] of pairs) this.unsubscribe(identifier, propName)
  }

  /**
   * Reloads the pending props now instead of at the end of the debounce window. Still never
   * overlaps another sync reload or a user visit, and waits while the tab is hidden.
   */
  performReload(): void {
    this.scheduler.flush()
  }

  /**
   * Subscribes to `SyncChannel` on the injected consumer, or on one created lazily with
   * `@rails/actioncable`'s `createConsumer`. Called automatically by the first `subscribe`.
   */
  connect(): Promise<void> {
    return this.link.connect()
  }

  /**
   * Leaves the channel, forgets every subscription and pending reload. A consumer the registry
   * created itself is disconnected; an injected one (the app's) is left open.
   */
  disconnect(): void {
    this.link.close()
    this.book.clear()
    this.scheduler.clear()
    this.link.reset()
    this.changed()
  }

  /** `disconnect()`, and stop listening to the router and the document. */
  destroy(): void {
    this.disconnect()
    for (const off of this.routerListeners) off()
    this.routerListeners = []
    this.router = null
    this.visibility.stop()
    this.emitter.clear()
  }

  // ---------------------------------------------------------------- status and events

  /** The current status; the same object until something changes. */
  getStatus(): SyncStatus {
    return this.status.get()
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof SyncEventMap>(event: K, callback: (payload: SyncEventMap[K]) => void) {
    return this.emitter.on(event, callback)
  }

  /**
   * Tells the registry which Inertia page is showing. The router's events keep it up to date;
   * adapters call this at component init, before the router's first `navigate`. Does not mark
   * any prop as reloaded.
   */
  setPage(page: InertiaPage): void {
    this.applyPage(page, 'observe')
  }

  // ---------------------------------------------------------------- internals

  private setting<K extends keyof Settings>(key: K): Settings[K] {
    return resolveSetting(this.options, this.server, key)
  }

  private log(...args: unknown[]): void {
    if (this.setting('debug')) console.debug('[inertia-sync]', ...args)
  }

  /** Records the page showing, and what it tells about the versions its props reflect. */
  private applyPage(page: InertiaPage, mode: PageMode): void {
    if (!page || typeof page.component !== 'string') return
    const { info, pageProp } = pageInfoOf(page)
    const wasEnabled = this.enabled
    if (pageProp) this.server = pageProp

    const another = !this.page || this.page.key !== info.key
    // Another page: whatever was pending belonged to the old one.
    if (another) this.scheduler.newPage()
    this.page = info
    recordSeen(info, another ? 'another' : mode, this.entries.values())
    if (another) this.log('page', info.key, 'cursor', info.cursor)
    this.scheduler.reconcile()

    if (wasEnabled && !this.enabled) this.link.stop()
    if (!wasEnabled && this.enabled && this.entries.size > 0) this.link.ensureConnected()
    this.changed()
  }

  private attachRouter(router: InertiaRouter): void {
    for (const off of this.routerListeners) off()
    this.router = router
    this.routerListeners = listenToRouter(router, {
      before: (visit) => {
        visit.headers = { ...visit.headers, [ORIGIN_HEADER]: this.tabId }
        this.scheduler.visitBefore(visit)
      },
      start: (visit) => this.scheduler.visitStarted(visit),
      finish: (visit) => this.scheduler.visitFinished(visit),
      page: ({ page, visitId }) => {
        if (!page || (visitId && this.scheduler.isOwnReload(visitId))) return
        const scope = visitId ? this.scheduler.visitScope(visitId) : undefined
        this.applyPage(page, scope ?? 'render')
      },
    })
  }

  /** Recomputes the status; if it changed, emits `status` and updates `<html data-sync-*>`. */
  private changed(): void {
    this.status.changed()
  }
}
