import { PendingReloadsView, SubscriptionsView } from './compat.js'
import { identifierStatus } from './pending-work.js'
import { isBrowser } from './settings.js'
import type { InertiaPage, SyncEventMap, SyncOptions, SyncStatus } from './types.js'
import { wireParts } from './wiring.js'

/**
 * Coordinates real-time prop sync for one tab: one Action Cable subscription to `SyncChannel`,
 * reference-counted identifier → prop mappings, and change markers turned into non-overlapping
 * `router.reload({ only })` calls for the stale props of the current page.
 *
 * Each part owns its state: `Subscriptions` (per identifier: props, server state, latest version),
 * `PageCursors` (per prop: the cursor of the response that refreshed it), `SyncReloads` (the
 * reload in flight and its timer), `RouterBridge` (the router's visits), `Connection` (the
 * channel), `RegistryOptions` (the configuration), wired together in wiring.ts. Which props
 * are stale is derived from the first two, never stored. This class holds the public API.
 */
export class SyncRegistry {
  private readonly parts = wireParts(this)

  /** Compatibility surface: the subscriptions, identifier → Set of prop names (read-only). */
  readonly subscriptions: ReadonlyMap<string, ReadonlySet<string>> = new SubscriptionsView(
    this.parts.subscriptions,
  )
  /** Compatibility surface: the props the next sync reload refreshes (see `PendingReloadsView`). */
  readonly pendingReloads = new PendingReloadsView(this.parts.subscriptions, this.parts.page)

  constructor(options: SyncOptions = {}) {
    this.configure(options)
  }

  /**
   * Sets options. Explicit options win over the server's `inertia_sync` page prop, which wins over
   * the defaults. May be called again (e.g. to inject the router once the app is created).
   */
  configure(options: SyncOptions): this {
    const { router, consumer, ...rest } = options
    this.parts.settings.merge(rest)
    if (consumer) this.parts.link.useConsumer(consumer)
    if (router && router !== this.parts.bridge.attached) this.parts.bridge.attach(router)
    if (this.parts.subscriptions.size > 0) this.parts.link.ensureConnected()
    this.parts.status.changed()
    return this
  }

  get debounceMs(): number {
    return this.parts.settings.setting('debounceMs')
  }

  get maxWaitMs(): number {
    return this.parts.settings.setting('maxWaitMs')
  }

  get enabled(): boolean {
    return this.parts.settings.setting('enabled')
  }

  /** Whether a router has been injected (adapters inject their default otherwise). */
  get hasRouter(): boolean {
    return this.parts.bridge.attached !== null
  }

  /**
   * Reloads `propName` whenever `identifier` changes. Mappings are reference-counted: the
   * identifier is subscribed on the server once, however many components ask for it.
   */
  subscribe(identifier: string, propName: string): void {
    if (!isBrowser()) return
    this.parts.visibility.watch()
    const entry = this.parts.subscriptions.add(identifier, propName)
    this.parts.link.ensureConnected()
    this.parts.reloads.workChanged()
    this.parts.events.emit('subscription', {
      identifier,
      status: identifierStatus(entry, this.parts.page),
    })
  }

  /**
   * Drops one mapping. When an identifier has no mapping left it is unsubscribed on the server
   * (at the end of the current tick, so a component swap that re-subscribes it causes no traffic).
   */
  unsubscribe(identifier: string, propName: string): void {
    if (this.parts.subscriptions.remove(identifier, propName) === 'gone') {
      this.parts.events.emit('subscription', { identifier, status: null })
    }
    this.parts.reloads.workChanged()
    this.parts.status.changed()
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
    this.parts.reloads.send()
  }

  /** Compatibility name: asks for a reload of the stale props when the timer says. */
  scheduleReload(): void {
    this.parts.reloads.timer.changed()
  }

  /**
   * Holds sync reloads of `prop` while `isHeld()` returns true (a form with unsaved input, say);
   * call `released()` when it may have turned false. Returns the function that removes the hold.
   * Held props stay in `status.pending`: the tab is not ready while it holds back a change.
   */
  hold(prop: string, isHeld: () => boolean): () => void {
    return this.parts.reloads.hold(prop, isHeld)
  }

  /** A hold may have ended: reload what it held back. */
  released(): void {
    this.parts.reloads.resume()
  }

  /** Subscribes to `SyncChannel` (called automatically by the first `subscribe`). */
  connect(): Promise<void> {
    return this.parts.link.connect()
  }

  /**
   * Leaves the channel, forgets every subscription and pending reload. A consumer the registry
   * created itself is disconnected; an injected one (the app's) is left open.
   */
  disconnect(): void {
    this.parts.link.close()
    this.parts.subscriptions.clear()
    this.parts.intake.clearRetries()
    this.parts.reloads.clear()
    this.parts.link.reset()
    this.parts.status.changed()
  }

  /** `disconnect()`, and stop listening to the router and the document. */
  destroy(): void {
    this.disconnect()
    this.parts.bridge.detach()
    this.parts.page.clear()
    this.parts.settling.clear()
    this.parts.visibility.stop()
    this.parts.events.clear()
  }

  /** The current status; the same object until something changes. */
  getStatus(): SyncStatus {
    return this.parts.status.get()
  }

  /** Listens to an event; returns the function that stops listening. */
  on<K extends keyof SyncEventMap>(event: K, callback: (payload: SyncEventMap[K]) => void) {
    return this.parts.events.on(event, callback)
  }

  /**
   * Tells the registry which Inertia page is showing. The router's events keep it up to date;
   * adapters call this at component init, before the router's first `navigate`.
   */
  setPage(page: InertiaPage): void {
    this.parts.pages.reported(page)
  }
}
