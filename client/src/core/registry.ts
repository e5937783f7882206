import { PendingReloadsView, SubscriptionsView } from './compat.js'
import { Connection } from './connection.js'
import { Emitter } from './emitter.js'
import { invalidatePrefetched, type PrefetchCache } from './features/prefetch.js'
import { Intake } from './intake.js'
import { PageCursors, type Arrival } from './page-cursors.js'
import { identifierStatus } from './pending-work.js'
import { readPageProp } from './protocol.js'
import { RouterBridge } from './router-bridge.js'
import {
  type ServerSettings,
  type Settings,
  isBrowser,
  resolveSetting,
  stripUndefined,
} from './settings.js'
import { StatusSnapshot, buildStatus, reflectOnDocument } from './status.js'
import { Subscriptions } from './subscriptions.js'
import { SyncReloads } from './sync-reloads.js'
import { TabVisibility } from './tab-visibility.js'
import type { InertiaPage, SyncEventMap, SyncOptions, SyncStatus } from './types.js'

/**
 * Coordinates real-time prop sync for one tab: one Action Cable subscription to `SyncChannel`,
 * reference-counted identifier → prop mappings, and change markers turned into non-overlapping
 * `router.reload({ only })` calls for the stale props of the current page.
 *
 * Each part owns its state: `Subscriptions` (per identifier: props, server state, latest version),
 * `PageCursors` (per prop: the cursor of the response that refreshed it), `SyncReloads` (the
 * reload in flight and its timer), `RouterBridge` (the router's visits), `Connection` (the
 * channel). Which props are stale is derived from the first two, never stored. This class wires
 * their events together and holds the public API.
 */
export class SyncRegistry {
  private options: SyncOptions = {}
  private server: ServerSettings = {}
  private readonly events = new Emitter<SyncEventMap>()
  private readonly subs = new Subscriptions(() => this.setting('maxSubscriptions'))
  private readonly page = new PageCursors()
  private readonly bridge = new RouterBridge(this.page, () => this.setting('reloadTimeoutMs'))
  private readonly visibility = new TabVisibility()
  private readonly link = new Connection({
    enabled: () => this.enabled,
    cableUrl: () => this.options.cableUrl,
    reconnectAttempts: () => this.setting('reconnectAttempts'),
    log: (...args) => this.log(...args),
  })
  private readonly reloads = new SyncReloads({
    subscriptions: this.subs,
    page: this.page,
    bridge: this.bridge,
    visibility: this.visibility,
    events: this.events,
    setting: (key) => this.setting(key),
    strategy: () => this.options.reloadStrategy,
    log: (...args) => this.log(...args),
  })
  private readonly intake = new Intake(this.subs, this.page, this.events, (...a) => this.log(...a))
  private readonly status = new StatusSnapshot(() => this.buildStatus())
  private revision = 0

  /** Compatibility surface: the subscriptions, identifier → Set of prop names (read-only). */
  readonly subscriptions: ReadonlyMap<string, ReadonlySet<string>> = new SubscriptionsView(
    this.subs,
  )
  /** Compatibility surface: the props the next sync reload refreshes (see `PendingReloadsView`). */
  readonly pendingReloads = new PendingReloadsView(this.subs, this.page)

  constructor(options: SyncOptions = {}) {
    this.subs.on('perform', ({ action, identifier }) => this.link.perform(action, identifier))
    this.subs.on('changed', () => this.changed())
    this.link.on('state', (change) => {
      this.changed()
      this.events.emit('connection', change)
    })
    this.link.on('up', ({ isReconnect }) => this.subs.resubscribeAll(isReconnect))
    this.link.on('down', () => this.subs.awaitAll())
    this.link.on('message', (data) => this.received(data))
    this.bridge.on('page', ({ page, arrival }) => this.showPage(page, arrival))
    this.bridge.on('userVisit', () => this.changed())
    this.reloads.on('due', () => this.performReload())
    this.events.on('marker', ({ marker }) => this.flushPrefetched(marker.identifier))
    this.reloads.on('changed', () => this.changed())
    this.visibility.on('shown', () => this.performReload())
    this.configure(options)
  }

  /**
   * Sets options. Explicit options win over the server's `inertia_sync` page prop, which wins over
   * the defaults. May be called again (e.g. to inject the router once the app is created).
   */
  configure(options: SyncOptions): this {
    const { router, consumer, ...rest } = options
    if (rest.maxReconnectAttempts !== undefined && rest.reconnectAttempts === undefined) {
      rest.reconnectAttempts = rest.maxReconnectAttempts
    }
    this.options = { ...this.options, ...stripUndefined(rest) }
    if (consumer) this.link.useConsumer(consumer)
    if (router && router !== this.bridge.attached) this.bridge.attach(router)
    if (this.subs.size > 0) this.link.ensureConnected()
    this.changed()
    return this
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
    return this.bridge.attached !== null
  }

  /**
   * Reloads `propName` whenever `identifier` changes. Mappings are reference-counted: the
   * identifier is subscribed on the server once, however many components ask for it.
   */
  subscribe(identifier: string, propName: string): void {
    if (!isBrowser()) return
    this.visibility.watch()
    const entry = this.subs.add(identifier, propName)
    this.link.ensureConnected()
    this.reloads.workChanged()
    this.events.emit('subscription', { identifier, status: identifierStatus(entry, this.page) })
  }

  /**
   * Drops one mapping. When an identifier has no mapping left it is unsubscribed on the server
   * (at the end of the current tick, so a component swap that re-subscribes it causes no traffic).
   */
  unsubscribe(identifier: string, propName: string): void {
    if (this.subs.remove(identifier, propName) === 'gone') {
      this.events.emit('subscription', { identifier, status: null })
    }
    this.reloads.workChanged()
    this.changed()
  }

  /** Drops every mapping of `subscriptionMap` (identifier → prop name). */
  clearSubscriptions(subscriptionMap: Record<string, string> | Map<string, string>): void {
    const pairs =
      subscriptionMap instanceof Map ? [...subscriptionMap] : Object.entries(subscriptionMap)
    for (const [identifier, propName] of pairs) this.unsubscribe(identifier, propName)
  }

  /**
   * Reloads the stale props now instead of when the timer says. Still never overlaps another sync
   * reload or a user visit, and waits while the tab is hidden.
   */
  performReload(): void {
    this.reloads.send()
  }

  /** Compatibility name: asks for a reload of the stale props when the timer says. */
  scheduleReload(): void {
    this.reloads.timer.changed()
  }

  /**
   * Holds sync reloads of `prop` while `isHeld()` returns true (a form with unsaved input, say);
   * call `released()` when it may have turned false. Returns the function that removes the hold.
   * Held props stay in `status.pending`: the tab is not ready while it holds back a change.
   */
  hold(prop: string, isHeld: () => boolean): () => void {
    return this.reloads.hold(prop, isHeld)
  }

  /** A hold may have ended: reload what it held back. */
  released(): void {
    this.reloads.resume()
  }

  /** Subscribes to `SyncChannel` (called automatically by the first `subscribe`). */
  connect(): Promise<void> {
    return this.link.connect()
  }

  /**
   * Leaves the channel, forgets every subscription and pending reload. A consumer the registry
   * created itself is disconnected; an injected one (the app's) is left open.
   */
  disconnect(): void {
    this.link.close()
    this.subs.clear()
    this.reloads.clear()
    this.link.reset()
    this.changed()
  }

  /** `disconnect()`, and stop listening to the router and the document. */
  destroy(): void {
    this.disconnect()
    this.bridge.detach()
    this.page.clear()
    this.visibility.stop()
    this.events.clear()
  }

  /** The current status; the same object until something changes. */
  getStatus(): SyncStatus {
    return this.status.get(this.revision)
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof SyncEventMap>(event: K, callback: (payload: SyncEventMap[K]) => void) {
    return this.events.on(event, callback)
  }

  /**
   * Tells the registry which Inertia page is showing. The router's events keep it up to date;
   * adapters call this at component init, before the router's first `navigate`.
   */
  setPage(page: InertiaPage): void {
    this.showPage(page, this.page.page ? { kind: 'observed' } : { kind: 'first' })
  }

  private setting<K extends keyof Settings>(key: K): Settings[K] {
    return resolveSetting(this.options, this.server, key)
  }

  private log(...args: unknown[]): void {
    if (this.setting('debug')) console.debug('[inertia-sync]', ...args)
  }

  /** An accepted marker makes prefetched pages that depend on it stale (features/prefetch.ts). */
  private flushPrefetched(identifier: string): void {
    const router = this.bridge.attached
    const mode = this.options.prefetchInvalidation ?? 'tags'
    if (router) invalidatePrefetched(router as PrefetchCache, identifier, mode)
  }

  private received(data: unknown): void {
    const accepted = this.intake.receive(data)
    this.reloads.workChanged(accepted?.spread, accepted !== null)
    this.changed()
  }

  private showPage(page: InertiaPage, arrival: Arrival): void {
    if (!page || typeof page.component !== 'string') return
    const pageProp = readPageProp(page.props)
    const wasEnabled = this.enabled
    if (pageProp) this.server = pageProp
    if (this.page.show(page, pageProp?.cursor ?? null, arrival)) this.log('page', this.page.key)
    if (wasEnabled && !this.enabled) this.link.stop()
    if (!wasEnabled && this.enabled && this.subs.size > 0) this.link.ensureConnected()
    this.reloads.workChanged()
    this.changed()
  }

  private buildStatus(): SyncStatus {
    return buildStatus({
      connection: this.link.state,
      enabled: this.enabled,
      subscriptions: this.subs,
      page: this.page,
      pending: this.reloads.pending(),
      reloads: this.reloads.reloads,
      inFlight: this.reloads.inFlight,
      failures: this.reloads.timer.failed,
    })
  }

  /** The state moved: a new revision; publish the status if it differs. */
  private changed(): void {
    const status = this.status.publish(++this.revision)
    if (!status) return
    if (this.setting('domAttributes')) reflectOnDocument(status)
    this.events.emit('status', status)
  }
}
