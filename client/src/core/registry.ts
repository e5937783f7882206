import { Emitter } from './emitter.js'
import {
  ACTIONS,
  CHANNEL,
  ORIGIN_HEADER,
  isValidIdentifier,
  isValidOrigin,
  isSyncMarker,
  isSyncReply,
  readPageProp,
  type SyncMarker,
  type SyncPageProp,
  type SyncReply,
} from './protocol.js'
import { generateTabId } from './tab-id.js'
import type {
  CableConsumer,
  CableSubscription,
  ConnectionState,
  IdentifierState,
  IdentifierStatus,
  InertiaPage,
  InertiaRouter,
  InertiaVisit,
  SyncEventMap,
  SyncOptions,
  SyncStatus,
} from './types.js'

interface Settings {
  debounceMs: number
  maxWaitMs: number
  maxSubscriptions: number
  reconnectAttempts: number
  enabled: boolean
  pauseWhenHidden: boolean
  domAttributes: boolean
  debug: boolean
}

const DEFAULTS: Settings = {
  debounceMs: 300,
  maxWaitMs: 1000,
  maxSubscriptions: 100,
  reconnectAttempts: 5,
  enabled: true,
  pauseWhenHidden: true,
  domAttributes: true,
  debug: false,
}

const FAILURE_POLL_MS = 1000

const isBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

interface Entry {
  /** prop name → how many mappings (components) want it */
  props: Map<string, number>
  state: IdentifierState
  code?: string
  error?: string
  /** Highest version the page's props for this identifier are known to reflect. */
  seen: number | null
  /** Highest version heard of, from a marker or a `subscribed` reply. */
  latest: number | null
  /** Set on reconnect: the `subscribed` reply decides whether anything was missed. */
  catchUp: boolean
  /** Refused locally (over `maxSubscriptions`, malformed): never sent to the server. */
  local: boolean
}

interface PageInfo {
  key: string
  props: Set<string>
  cursor: number | null
}

interface Flight {
  id: string | undefined
  props: string[]
  identifiers: string[]
  /** Versions the reload is known to include: it was sent after these markers arrived. */
  versionsAtStart: Map<string, number | null>
  generation: number
  started: boolean
  response: InertiaPage | null
  cancel: (() => void) | null
}

interface VisitScope {
  only: string[]
  except: string[]
}

type PageMode = 'render' | 'observe' | VisitScope

interface CustomEventLike<T> {
  detail: T
}

const topLevel = (prop: string) => prop.split('.')[0] ?? prop
const max = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null ? (b ?? null) : b == null ? a : Math.max(a, b)

/**
 * Coordinates real-time prop sync for one tab: keeps one Action Cable subscription to
 * `SyncChannel`, reference-counts identifier → prop mappings, and turns change markers into
 * debounced, non-overlapping `router.reload({ only })` calls for the props of the current page.
 *
 * Usually used through the `syncRegistry` singleton and a framework adapter (`syncWithRails`).
 */
export class SyncRegistry {
  private options: SyncOptions
  private server: SyncPageProp = {}
  private readonly emitter = new Emitter<SyncEventMap>()
  private readonly tabId: string

  private router: InertiaRouter | null = null
  private routerListeners: Array<() => void> = []
  private consumer: CableConsumer | null = null
  private ownsConsumer = false
  private channel: CableSubscription | null = null
  private connecting: Promise<void> | null = null
  private connectionState: ConnectionState = 'idle'
  private hasConnected = false
  private failures = 0
  private failureTimer: ReturnType<typeof setInterval> | null = null
  private closing = false

  private readonly entries = new Map<string, Entry>()
  /** Entries whose last mapping went away this tick; revived if re-subscribed before the release. */
  private readonly releasing = new Map<string, Entry>()
  private releaseScheduled = false

  private page: PageInfo | null = null
  private generation = 0
  /** identifier → the version that made it dirty (null: reload regardless of versions) */
  private readonly dirty = new Map<string, number | null>()
  private debounceTimer: ReturnType<typeof setTimeout> | null = null
  private maxWaitTimer: ReturnType<typeof setTimeout> | null = null
  private flushWanted = false
  private flight: Flight | null = null
  private issuing: Flight | null = null
  private readonly userVisits = new Map<string, VisitScope>()
  private hidden = false
  private visibilityListener: (() => void) | null = null
  private reloads = 0
  private snapshot: SyncStatus | null = null

  constructor(options: SyncOptions = {}) {
    this.options = {}
    const origin = options.origin
    if (origin !== undefined && !isValidOrigin(origin)) {
      throw new TypeError(`inertia-sync: origin must match ^[A-Za-z0-9_-]{8,64}$, got "${origin}"`)
    }
    this.tabId = origin ?? generateTabId()
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
    if (consumer && consumer !== this.consumer) {
      this.teardownChannel()
      if (this.connectionState !== 'rejected') this.setConnection('idle')
      this.consumer = consumer
      this.ownsConsumer = false
    }
    if (router && router !== this.router) this.attachRouter(router)
    if (this.entries.size > 0) this.ensureConnected()
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

  // ---------------------------------------------------------------- public API (the spec's)

  /**
   * Reloads `propName` whenever `identifier` changes. Mappings are reference-counted: the
   * identifier is subscribed on the server once, however many components ask for it.
   */
  subscribe(identifier: string, propName: string): void {
    if (!isBrowser()) return
    this.listenToVisibility()

    let entry = this.entries.get(identifier)
    if (!entry) {
      entry = this.releasing.get(identifier)
      if (entry) {
        this.releasing.delete(identifier)
      } else {
        entry = {
          props: new Map(),
          state: 'pending',
          seen: this.page?.cursor ?? null,
          latest: null,
          catchUp: false,
          local: false,
        }
        if (!isValidIdentifier(identifier)) {
          Object.assign(entry, { state: 'error', code: 'invalid_identifier', local: true })
          entry.error = 'Malformed identifier'
        } else if (this.serverCount() >= this.setting('maxSubscriptions')) {
          Object.assign(entry, { state: 'error', code: 'limit_reached', local: true })
          entry.error = 'Too many subscriptions in this tab'
        } else if (this.connectionState === 'connected' && this.channel) {
          this.log('subscribe_to', identifier)
          this.channel.perform(ACTIONS.subscribe, { identifier })
        }
      }
      this.entries.set(identifier, entry)
    }
    entry.props.set(propName, (entry.props.get(propName) ?? 0) + 1)
    this.ensureConnected()
    this.changed()
    this.emitter.emit('subscription', { identifier, status: this.identifierStatus(entry) })
  }

  /**
   * Drops one mapping. When an identifier has no mapping left it is unsubscribed on the server
   * (at the end of the current tick, so a component swap that re-subscribes it causes no traffic)
   * and its pending reload work is dropped.
   */
  unsubscribe(identifier: string, propName: string): void {
    const entry = this.entries.get(identifier)
    if (!entry) return
    const count = entry.props.get(propName)
    if (count === undefined) return
    if (count > 1) entry.props.set(propName, count - 1)
    else entry.props.delete(propName)

    if (entry.props.size === 0) {
      this.entries.delete(identifier)
      if (entry.local) {
        this.dirty.delete(identifier)
      } else {
        // Its pending work no longer counts (flush only reads live entries), but survives a
        // re-subscribe in the same tick, as when an effect re-runs with a changed mapping.
        this.releasing.set(identifier, entry)
        this.scheduleRelease()
      }
      this.emitter.emit('subscription', { identifier, status: null })
    }
    if (this.dirty.size === 0) this.clearTimers()
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
    this.flush()
  }

  /**
   * Subscribes to `SyncChannel` on the injected consumer, or on one created lazily with
   * `@rails/actioncable`'s `createConsumer`. Called automatically by the first `subscribe`.
   */
  connect(): Promise<void> {
    if (!isBrowser() || !this.enabled) return Promise.resolve()
    if (this.channel) return Promise.resolve()
    if (this.connecting) return this.connecting
    this.setConnection('connecting')
    if (this.consumer) {
      this.openChannel(this.consumer)
      return Promise.resolve()
    }
    this.connecting = import('@rails/actioncable')
      .then((actioncable: { createConsumer(url?: string): unknown }) => {
        this.connecting = null
        if (this.connectionState !== 'connecting' || this.channel) return
        const url = this.options.cableUrl
        this.consumer = actioncable.createConsumer(url) as CableConsumer
        this.ownsConsumer = true
        this.openChannel(this.consumer)
      })
      .catch((error: unknown) => {
        this.connecting = null
        this.log('could not load @rails/actioncable', error)
        this.setConnection('failed')
      })
    return this.connecting
  }

  /**
   * Leaves the channel, forgets every subscription and pending reload. A consumer the registry
   * created itself is disconnected; an injected one (the app's) is left open.
   */
  disconnect(): void {
    this.teardownChannel()
    if (this.consumer && this.ownsConsumer) {
      this.consumer.disconnect?.()
      this.consumer = null
      this.ownsConsumer = false
    }
    this.entries.clear()
    this.releasing.clear()
    this.dirty.clear()
    this.clearTimers()
    this.flushWanted = false
    this.hasConnected = false
    this.setConnection('idle')
    this.changed()
  }

  /** `disconnect()`, and stop listening to the router and the document. */
  destroy(): void {
    this.disconnect()
    for (const off of this.routerListeners) off()
    this.routerListeners = []
    this.router = null
    if (this.visibilityListener) {
      document.removeEventListener('visibilitychange', this.visibilityListener)
      this.visibilityListener = null
    }
    this.emitter.clear()
  }

  // ---------------------------------------------------------------- status and events

  /** The current status; the same object until something changes. */
  getStatus(): SyncStatus {
    return (this.snapshot ??= this.buildStatus())
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

  // ---------------------------------------------------------------- settings

  private setting<K extends keyof Settings>(key: K): Settings[K] {
    const explicit = this.options[key] as Settings[K] | undefined
    if (explicit !== undefined) return explicit
    const fromServer = (this.server as Record<string, unknown>)[key] as
      Settings[K] | null | undefined
    if (fromServer !== undefined && fromServer !== null) return fromServer
    return DEFAULTS[key]
  }

  private log(...args: unknown[]): void {
    if (this.setting('debug')) console.debug('[inertia-sync]', ...args)
  }

  // ---------------------------------------------------------------- cable

  private ensureConnected(): void {
    if (!isBrowser() || !this.enabled || this.channel || this.connecting) return
    if (this.connectionState === 'rejected') return
    void this.connect()
  }

  private openChannel(consumer: CableConsumer): void {
    this.closing = false
    this.channel = consumer.subscriptions.create(
      { channel: CHANNEL },
      {
        connected: (details) => this.handleConnected(details?.reconnected),
        disconnected: (details) => this.handleDisconnected(details?.willAttemptReconnect),
        rejected: () => this.handleRejected(),
        received: (data) => this.handleReceived(data),
      },
    )
  }

  private teardownChannel(): void {
    this.stopFailureWatch()
    if (!this.channel) return
    this.closing = true
    const channel = this.channel
    this.channel = null
    channel.unsubscribe()
    this.closing = false
  }

  private handleConnected(reconnected?: boolean): void {
    if (!this.channel) return
    const isReconnect = this.hasConnected || reconnected === true
    this.hasConnected = true
    this.failures = 0
    this.stopFailureWatch()
    this.setConnection('connected')
    for (const [identifier, entry] of this.entries) {
      if (entry.local) continue
      entry.state = 'pending'
      delete entry.code
      delete entry.error
      entry.catchUp = isReconnect
      this.log('subscribe_to', identifier)
      this.channel.perform(ACTIONS.subscribe, { identifier })
    }
    this.changed()
  }

  private handleDisconnected(willAttemptReconnect?: boolean): void {
    if (this.closing || !this.channel) return
    this.failures++
    for (const entry of this.entries.values()) if (!entry.local) entry.state = 'pending'
    if (willAttemptReconnect === false || this.tooManyFailures(this.failures)) {
      this.setConnection('failed')
    } else {
      this.setConnection('disconnected')
      this.startFailureWatch()
    }
    this.changed()
  }

  private handleRejected(): void {
    this.log('SyncChannel rejected (sync disabled on the server?)')
    this.channel = null
    this.stopFailureWatch()
    this.setConnection('rejected')
    this.changed()
  }

  private tooManyFailures(count: number): boolean {
    const limit = this.setting('reconnectAttempts')
    return limit > 0 && count >= limit
  }

  /** Action Cable retries on its own and reports one `disconnected` per drop; watch its counter. */
  private startFailureWatch(): void {
    if (this.failureTimer) return
    this.failureTimer = setInterval(() => {
      const attempts = this.consumer?.connection?.monitor?.reconnectAttempts ?? 0
      if (this.connectionState === 'disconnected' && this.tooManyFailures(attempts)) {
        this.setConnection('failed')
        this.changed()
      }
    }, FAILURE_POLL_MS)
  }

  private stopFailureWatch(): void {
    if (this.failureTimer) clearInterval(this.failureTimer)
    this.failureTimer = null
  }

  private setConnection(state: ConnectionState): void {
    const previous = this.connectionState
    if (previous === state) return
    this.connectionState = state
    this.log('connection', previous, '→', state)
    this.snapshot = null
    this.emitter.emit('connection', { state, previous })
  }

  private serverCount(): number {
    let count = 0
    for (const entry of this.entries.values()) if (!entry.local) count++
    return count
  }

  private scheduleRelease(): void {
    if (this.releaseScheduled) return
    this.releaseScheduled = true
    void Promise.resolve().then(() => {
      this.releaseScheduled = false
      for (const identifier of this.releasing.keys()) {
        this.dirty.delete(identifier)
        if (this.connectionState === 'connected' && this.channel) {
          this.log('unsubscribe_from', identifier)
          this.channel.perform(ACTIONS.unsubscribe, { identifier })
        }
      }
      this.releasing.clear()
    })
  }

  // ---------------------------------------------------------------- messages

  private handleReceived(data: unknown): void {
    if (isSyncReply(data)) this.handleReply(data)
    else if (isSyncMarker(data)) this.handleMarker(data)
    else this.drop(data, 'malformed')
  }

  private handleReply(reply: SyncReply): void {
    const entry = reply.identifier === null ? undefined : this.entries.get(reply.identifier)
    if (!entry || reply.identifier === null) return
    const identifier = reply.identifier
    if (reply.type === 'subscribed') {
      entry.state = 'subscribed'
      delete entry.code
      delete entry.error
      const version = reply.version
      if (version !== undefined) entry.latest = max(entry.latest, version)
      const moved =
        version !== undefined && entry.seen !== null ? version > entry.seen : entry.catchUp
      entry.catchUp = false
      this.log('subscribed', identifier, version, moved ? '(moved: reload)' : '')
      if (moved) this.markDirty(identifier, version ?? null)
    } else if (reply.type === 'error') {
      entry.state = 'error'
      entry.error = reply.error
      if (reply.code !== undefined) entry.code = reply.code
      this.log('subscription error', identifier, reply.code, reply.error)
    } else {
      return
    }
    this.changed()
    this.emitter.emit('subscription', { identifier, status: this.identifierStatus(entry) })
  }

  private handleMarker(marker: SyncMarker): void {
    // This tab's own write: the visit that made it brings the new data (its response's cursor
    // covers the marker's version), so no reload. A write of ours that no visit covers (a job the
    // request enqueued, committing later) goes through the version check like anyone else's.
    const own = marker.origin !== undefined && marker.origin === this.tabId
    if (own && (this.userVisits.size > 0 || marker.version === undefined)) {
      return this.drop(marker, 'own-origin')
    }
    const entry = this.entries.get(marker.identifier)
    if (!entry || entry.local) return this.drop(marker, 'not-subscribed')
    const version = marker.version ?? null
    if (version !== null && entry.seen !== null && version <= entry.seen) {
      return this.drop(marker, 'stale')
    }
    entry.latest = max(entry.latest, version)
    this.log('marker', marker.identifier, marker.action, version)
    this.emitter.emit('marker', { marker })
    this.markDirty(marker.identifier, version)
    this.changed()
  }

  private drop(message: unknown, reason: SyncEventMap['drop']['reason']): void {
    this.log('dropped', reason, message)
    this.emitter.emit('drop', { message, reason })
  }

  // ---------------------------------------------------------------- scheduling

  private markDirty(identifier: string, version: number | null): void {
    const previous = this.dirty.get(identifier)
    // null means "reload regardless", and must not be narrowed to a version by a later marker
    this.dirty.set(
      identifier,
      previous === null ? null : version === null ? null : max(previous, version),
    )
    this.schedule()
  }

  private schedule(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer)
    this.debounceTimer = setTimeout(() => this.flush(), this.setting('debounceMs'))
    this.maxWaitTimer ??= setTimeout(() => this.flush(), this.setting('maxWaitMs'))
  }

  private clearTimers(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer)
    if (this.maxWaitTimer) clearTimeout(this.maxWaitTimer)
    this.debounceTimer = this.maxWaitTimer = null
  }

  private flush(): void {
    this.clearTimers()
    if (this.dirty.size === 0) return
    if (this.hidden && this.setting('pauseWhenHidden')) {
      this.flushWanted = true
      return
    }
    if (this.flight || this.userVisits.size > 0 || !this.router) {
      this.flushWanted = true
      return
    }
    this.flushWanted = false

    const props = new Set<string>()
    const identifiers: string[] = []
    const versionsAtStart = new Map<string, number | null>()
    for (const identifier of this.dirty.keys()) {
      const entry = this.entries.get(identifier)
      if (!entry) continue
      identifiers.push(identifier)
      versionsAtStart.set(identifier, entry.latest)
      for (const prop of entry.props.keys()) if (this.pageHas(prop)) props.add(prop)
    }
    this.dirty.clear()
    if (props.size === 0) {
      this.changed()
      return
    }

    const flight: Flight = {
      id: undefined,
      props: [...props],
      identifiers,
      versionsAtStart,
      generation: this.generation,
      started: false,
      response: null,
      cancel: null,
    }
    this.flight = flight
    this.reloads++
    this.log('reload', flight.props)
    this.emitter.emit('reload', { props: flight.props, identifiers })
    this.issuing = flight
    try {
      this.router.reload({
        only: flight.props,
        preserveErrors: true,
        onCancelToken: (token) => {
          flight.cancel = token.cancel
        },
        onBeforeUpdate: (page: InertiaPage) => {
          flight.response = page
        },
        onFinish: (visit: InertiaVisit) => this.finishFlight(flight, visit),
      } as Parameters<InertiaRouter['reload']>[0])
    } finally {
      this.issuing = null
    }
    // A `before` listener may have cancelled it, or there is no window: nothing will finish it.
    if (!flight.started && this.flight === flight) this.finishFlight(flight, { cancelled: false })
    this.changed()
  }

  private finishFlight(flight: Flight, visit: InertiaVisit): void {
    if (this.flight !== flight) return
    this.flight = null
    let outcome: SyncEventMap['reloaded']['outcome']
    let cursor: number | null = null
    if (flight.generation !== this.generation) {
      outcome = 'cancelled' // the page changed; its pending work went with it
    } else if (flight.response && !visit.cancelled && !visit.interrupted) {
      outcome = 'applied'
      cursor = readPageProp(flight.response.props)?.cursor ?? null
      const reloaded = new Set(flight.props.map(topLevel))
      for (const identifier of flight.identifiers) {
        const entry = this.entries.get(identifier)
        if (entry && this.allReloaded(entry, (p) => reloaded.has(p))) {
          entry.seen = max(entry.seen, flight.versionsAtStart.get(identifier))
        }
      }
      this.applyPage(flight.response, { only: flight.props, except: [] })
    } else if (visit.cancelled || visit.interrupted || !flight.started) {
      outcome = 'cancelled'
      if (flight.started) {
        // A user visit took over: hand the work back; the visit's response may resolve it.
        for (const identifier of flight.identifiers) {
          if (this.entries.has(identifier)) {
            this.markDirtyQuietly(identifier, flight.versionsAtStart.get(identifier) ?? null)
          }
        }
        this.flushWanted = this.dirty.size > 0
      }
    } else {
      outcome = 'failed' // error page or network error: don't loop against a failing server
    }
    this.log('reloaded', outcome, flight.props, cursor)
    this.emitter.emit('reloaded', {
      props: flight.props,
      identifiers: flight.identifiers,
      outcome,
      cursor,
    })
    this.changed()
    // Inertia cancels a reload inside `router.visit()`, before the visit's `start` event: let
    // that event register the visit before deciding whether to send again.
    if (outcome === 'cancelled') setTimeout(() => this.resume(), 0)
    else this.resume()
  }

  private markDirtyQuietly(identifier: string, version: number | null): void {
    const previous = this.dirty.get(identifier)
    this.dirty.set(
      identifier,
      previous === null ? null : version === null ? null : max(previous, version),
    )
  }

  /** Sends the reload that waited for an in-flight reload, a user visit, or visibility. */
  private resume(): void {
    if (this.flushWanted && this.dirty.size > 0 && !this.debounceTimer) this.flush()
  }

  // ---------------------------------------------------------------- pages and visits

  private pageHas(prop: string): boolean {
    return this.page === null || this.page.props.has(topLevel(prop))
  }

  /** Whether every prop of `entry` that the current page has was refreshed. */
  private allReloaded(entry: Entry, reloaded: (prop: string) => boolean): boolean {
    for (const prop of entry.props.keys()) {
      if (this.pageHas(prop) && !reloaded(topLevel(prop))) return false
    }
    return true
  }

  private applyPage(page: InertiaPage, mode: PageMode): void {
    if (!page || typeof page.component !== 'string') return
    const pageProp = readPageProp(page.props)
    const info: PageInfo = {
      key: `${page.component} ${pathOf(page.url)}`,
      props: new Set(Object.keys(page.props ?? {})),
      cursor: pageProp?.cursor ?? null,
    }
    const wasEnabled = this.enabled
    if (pageProp) this.server = pageProp

    if (!this.page || this.page.key !== info.key) {
      // Another page: whatever was pending belonged to the old one.
      this.generation++
      this.dirty.clear()
      this.clearTimers()
      this.flushWanted = false
      this.page = info
      for (const entry of this.entries.values()) entry.seen = info.cursor
      this.log('page', info.key, 'cursor', info.cursor)
    } else {
      this.page = info
      if (mode === 'render') {
        for (const entry of this.entries.values()) entry.seen = info.cursor ?? entry.seen
      } else if (mode !== 'observe' && info.cursor !== null) {
        const only = new Set(mode.only.map(topLevel))
        const except = new Set(mode.except.map(topLevel))
        const reloaded = (prop: string) => (only.size === 0 || only.has(prop)) && !except.has(prop)
        for (const entry of this.entries.values()) {
          if (this.allReloaded(entry, reloaded)) entry.seen = max(entry.seen, info.cursor)
        }
      }
    }

    // Resolve pending work the page already covers; queue what it is known to miss.
    for (const [identifier, version] of this.dirty) {
      const entry = this.entries.get(identifier)
      if (!entry || (version !== null && entry.seen !== null && version <= entry.seen)) {
        this.dirty.delete(identifier)
      }
    }
    for (const [identifier, entry] of this.entries) {
      if (entry.latest !== null && entry.seen !== null && entry.latest > entry.seen) {
        if (!this.dirty.has(identifier)) this.markDirty(identifier, entry.latest)
      }
    }
    if (this.dirty.size === 0) {
      this.clearTimers()
      this.flushWanted = false
    }

    if (wasEnabled && !this.enabled) {
      this.teardownChannel()
      this.setConnection('idle')
    }
    if (!wasEnabled && this.enabled && this.entries.size > 0) this.ensureConnected()
    this.changed()
  }

  private attachRouter(router: InertiaRouter): void {
    for (const off of this.routerListeners) off()
    this.router = router
    type Detail<T> = (event: CustomEventLike<T>) => void
    const on = <T>(name: string, callback: Detail<T>) =>
      this.routerListeners.push(router.on(name, callback as (event: unknown) => unknown))

    on<{ visit: InertiaVisit }>('before', ({ detail: { visit } }) => {
      visit.headers = { ...visit.headers, [ORIGIN_HEADER]: this.tabId }
      if (this.issuing) this.issuing.id = visit.id
    })
    on<{ visit: InertiaVisit }>('start', ({ detail: { visit } }) => {
      const flight = this.issuing ?? this.flight
      if (flight && !flight.started && flight.id === visit.id) {
        flight.started = true
        return
      }
      if (visit.prefetch || visit.id === undefined) return
      this.userVisits.set(visit.id, { only: visit.only ?? [], except: visit.except ?? [] })
      // The user's own visit wins: a sync visit replaces the page, and an older sync-reload
      // response arriving after it would overwrite newer data.
      if (!visit.async && this.flight?.cancel) this.flight.cancel()
    })
    on<{ visit: InertiaVisit }>('finish', ({ detail: { visit } }) => {
      if (visit.id === undefined || !this.userVisits.delete(visit.id)) return
      this.changed()
      this.resume()
    })
    const onPage: Detail<{ page?: InertiaPage; visitId?: string }> = ({ detail }) => {
      if (!detail.page || (detail.visitId && detail.visitId === this.flight?.id)) return
      const scope = detail.visitId ? this.userVisits.get(detail.visitId) : undefined
      this.applyPage(detail.page, scope ?? 'render')
    }
    on('success', onPage)
    on('error', onPage)
    on('navigate', onPage)
  }

  private listenToVisibility(): void {
    if (this.visibilityListener || !isBrowser()) return
    this.hidden = document.visibilityState === 'hidden'
    this.visibilityListener = () => {
      const hidden = document.visibilityState === 'hidden'
      if (hidden === this.hidden) return
      this.hidden = hidden
      if (!hidden && this.dirty.size > 0) this.flush() // one catch-up reload
    }
    document.addEventListener('visibilitychange', this.visibilityListener)
  }

  // ---------------------------------------------------------------- status

  private identifierStatus(entry: Entry): IdentifierStatus {
    const status: IdentifierStatus = { state: entry.state, props: [...entry.props.keys()] }
    if (entry.code !== undefined) status.code = entry.code
    if (entry.error !== undefined) status.error = entry.error
    if (entry.seen !== null) status.seen = entry.seen
    return status
  }

  private buildStatus(): SyncStatus {
    const identifiers: Record<string, IdentifierStatus> = {}
    let subscribed = 0
    let answered = 0
    for (const [identifier, entry] of this.entries) {
      identifiers[identifier] = this.identifierStatus(entry)
      if (entry.state === 'subscribed') subscribed++
      if (entry.state !== 'pending') answered++
    }
    const pending = new Set<string>()
    for (const identifier of this.dirty.keys()) {
      for (const prop of this.entries.get(identifier)?.props.keys() ?? []) {
        if (this.pageHas(prop)) pending.add(prop)
      }
    }
    return Object.freeze({
      connection: this.connectionState,
      enabled: this.enabled,
      identifiers: Object.freeze(identifiers),
      subscribed,
      total: this.entries.size,
      ready: this.connectionState === 'connected' && answered === this.entries.size,
      reloads: this.reloads,
      inFlight: this.flight ? 1 : 0,
      pending: [...pending],
      origin: this.tabId,
    })
  }

  private changed(): void {
    const previous = this.snapshot
    this.snapshot = null
    const status = this.getStatus()
    if (previous && sameStatus(previous, status)) {
      this.snapshot = previous
      return
    }
    if (this.setting('domAttributes')) reflectOnDocument(status)
    this.emitter.emit('status', status)
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}

function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** `<html data-sync-*>`: lets browser tests wait for the sync state instead of sleeping. */
function reflectOnDocument(status: SyncStatus): void {
  if (!isBrowser()) return
  const root = document.documentElement.dataset
  root.syncConnection = status.connection
  root.syncSubscriptions = `${status.subscribed}/${status.total}`
  root.syncReady = String(status.ready)
  root.syncReloads = String(status.reloads)
}
