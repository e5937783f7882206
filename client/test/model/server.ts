import type { FakeCable } from '../../src/testing/index.js'
import { HOME_PATH, LOGIN_PATH, POST_PATH, ROUTES, SIGN_IN_PATH, type Identifier } from './app.js'
import type { SimClock } from './clock.js'
import type { Prng } from './prng.js'

/** The sequence's starting point, and what an identifier without a record reads as (the floor). */
export const FLOOR = 1_000

export interface SimRequest {
  method: string
  path: string
  /** The asset version the page was loaded with (`X-Inertia-Version`). */
  version: string | null
  /** A document's load (the browser's own GET after Inertia's location visit): no Inertia request. */
  hardReload: boolean
  only: string[] | null
  except: string[]
  partialComponent: string | null
  body: unknown
}

/** A response that is no page: a 409 version conflict. */
export interface Refusal {
  status: number
  headers: Record<string, string>
  body: string
}

export interface RenderedPage {
  component: string
  url: string
  version: string
  props: Record<string, unknown>
}

/**
 * The Rails side, as the protocol describes it: committed data, one global version sequence,
 * per-identifier versions, and the channel's behaviour.
 *
 * - A commit changes the data first; its version is assigned after (`gap` ms later), and only then
 *   is its marker published.
 * - A response reads the cursor first and the data later, so the cursor is conservative.
 * - `subscribe_to` streams first and reads the identifier's version afterwards for its reply.
 * - Commands on the channel take effect in the order sent.
 */
export class SimServer {
  seq = FLOOR
  readonly data = new Map<Identifier, number>()
  readonly versions = new Map<Identifier, number>()
  readonly revoked = new Set<Identifier>()
  /** Every committed change: the version it got and the count it left its identifier at. */
  readonly history: Array<{ id: Identifier; version: number; count: number }> = []
  /** The highest version the client was told of, per identifier (markers, `subscribed`). */
  readonly told = new Map<string, number>()
  interrupted = false
  /** The asset version (a deploy changes it). */
  assetVersion = 1
  /** The session ended: every request is sent to the login page until the user signs in. */
  sessionExpired = false
  /** The page to go back to after signing in (`session[:return_to_after_authenticating]`). */
  private returnTo: string | null = null
  /** Deploys and session ends: each may cost the sync client one full visit. */
  conflicts = 0
  /** Bumped on each drop: work for a connection that is gone is discarded. */
  epoch = 0
  private reconnectAt = 0
  private commandsFreeAt = 0

  constructor(
    readonly clock: SimClock,
    readonly cable: FakeCable,
    readonly net: Prng,
  ) {}

  // --- data -------------------------------------------------------------------------------

  /** Commits a transaction touching `ids`; markers go out after the version is assigned. */
  commit(ids: Identifier[], gap = 0, delays: number[] = [this.markerDelay()], spread?: number) {
    const counts = ids.map((id) => {
      const count = (this.data.get(id) ?? 0) + 1
      this.data.set(id, count)
      return count
    })
    const assign = () => {
      const version = ++this.seq
      ids.forEach((id, i) => {
        this.versions.set(id, version)
        this.history.push({ id, version, count: counts[i]! })
      })
      if (this.interrupted) return // pub/sub is down: the marker is lost
      for (const id of new Set(ids)) {
        for (const delay of delays) this.sendMarker(id, version, delay, spread)
      }
    }
    if (gap > 0) this.clock.after(gap, assign)
    else assign()
  }

  /** The value a prop shows when it reflects every committed change of its identifiers. */
  propValue(ids: Identifier[]): unknown {
    if (ids.length === 0) return 'static'
    return Object.fromEntries(ids.map((id) => [id, this.data.get(id) ?? 0]))
  }

  render(path: string, request: SimRequest | null, cursor: number): RenderedPage {
    const route = ROUTES[path]
    if (!route) throw new Error(`no route ${path}`)
    const partial = request !== null && request.partialComponent === route.component
    const props: Record<string, unknown> = {}
    for (const [prop, ids] of Object.entries(route.props)) {
      if (partial && request.only !== null && !request.only.includes(prop)) continue
      if (partial && request.except.includes(prop)) continue
      props[prop] = this.propValue(ids)
    }
    props.errors = {}
    props.inertia_sync = {
      cursor,
      collectMs: 30,
      debounceMs: 300,
      maxWaitMs: 1000,
      maxSubscriptions: 100,
      reconnectAttempts: 5,
      enabled: true,
    }
    return { component: route.component, url: path, version: String(this.assetVersion), props }
  }

  // --- HTTP --------------------------------------------------------------------------------

  /**
   * Handles one request: reads the cursor on arrival, the data later, answers after a network
   * delay. Returns the page, or null when the request failed (`failure` decides how).
   */
  handle(
    request: SimRequest,
    answer: (page: RenderedPage | Refusal | null) => void,
    failure: 'ok' | '500' | 'network' | 'hang',
  ): void {
    const arrive = this.latency()
    const readData = this.net.int(0, 80)
    const back = this.latency()
    this.clock.after(arrive, () => {
      const served = this.serve(request, failure !== '500')
      if ('status' in served) {
        return this.clock.after(back, () => answer(failure === 'ok' ? served : null))
      }
      const cursor = this.seq
      this.clock.after(readData, () => {
        const page = this.render(served.path, served.partial ? request : null, cursor)
        this.clock.after(back, () => answer(failure === 'ok' ? page : null))
      })
    })
  }

  /**
   * What Rails does with a request: the page it renders (the request's own, or the one its
   * redirect leads to: the XHR follows it with the same headers), or inertia_rails' 409.
   *
   * - An ended session: the authentication `before_action` redirects every request to the login
   *   page (nothing else runs) and remembers a GET's page to return to.
   * - A POST runs (`/touch` commits, `/session` signs in) and redirects.
   * - inertia_rails answers an Inertia GET with an old `X-Inertia-Version` with 409,
   *   `X-Inertia-Location` (its own URL) and the new version, whatever the controller did; a
   *   POST's followed redirect is such a GET. A document's load is no Inertia request: never.
   * `ran` is false for a request that fails with a 500: it changes nothing.
   */
  private serve(request: SimRequest, ran: boolean): Refusal | { path: string; partial: boolean } {
    const get = request.method === 'GET'
    let path = request.path
    if (this.sessionExpired && path !== LOGIN_PATH && path !== SIGN_IN_PATH) {
      if (get && ran) this.returnTo = path
      path = LOGIN_PATH
    } else if (!get && path === SIGN_IN_PATH) {
      if (ran) this.sessionExpired = false
      path = this.returnTo ?? HOME_PATH
      if (ran) this.returnTo = null
    } else if (!get) {
      if (path !== POST_PATH) throw new Error(`no route ${request.method} ${path}`)
      const body = request.body as PostBody
      if (ran) this.commit(body.ids)
      if (ran && body.job) {
        const job = body.job
        this.clock.after(job.delay, () => this.commit(job.ids))
      }
      path = body.back
    }
    if (!request.hardReload && request.version !== String(this.assetVersion)) {
      const location = new URL(get ? request.path : path, window.location.origin).href
      const headers = {
        'x-inertia-location': location,
        'x-inertia-version': String(this.assetVersion),
      }
      return { status: 409, headers, body: '' }
    }
    return { path, partial: get && path === request.path }
  }

  /** A deploy: the asset version changes. */
  deploy(): void {
    this.assetVersion++
    this.conflicts++
  }

  /** The session ends. */
  expire(): void {
    if (!this.sessionExpired) this.conflicts++
    this.sessionExpired = true
  }

  // --- channel ------------------------------------------------------------------------------

  /** Called for each command the client performs, in order. */
  command(action: string, identifier: string): void {
    const epoch = this.epoch
    const id = identifier as Identifier
    const at = Math.max(this.commandsFreeAt, this.clock.now() + this.net.int(1, 60))
    const readVersion = this.net.int(0, 30)
    this.commandsFreeAt = at + readVersion
    this.clock.after(at - this.clock.now(), () => {
      const channel = this.cable.channel
      if (epoch !== this.epoch || !channel?.connected) return
      if (action === 'subscribe_to') {
        if (this.revoked.has(id)) {
          this.transmit({ type: 'error', identifier, error: 'Unauthorized', code: 'unauthorized' })
          return
        }
        channel.streams.add(identifier)
        this.clock.after(readVersion, () => {
          if (epoch !== this.epoch || !channel.streams.has(identifier)) return
          // During an outage the reply waits for the recovery, which re-sends every `subscribed`.
          if (this.interrupted) return
          this.transmit({ type: 'subscribed', identifier, version: this.versionOf(id) })
        })
      } else if (action === 'unsubscribe_from') {
        channel.streams.delete(identifier)
        this.transmit({ type: 'unsubscribed', identifier })
      }
    })
  }

  /** The socket drops; Action Cable reconnects after `down` ms. */
  drop(down: number): void {
    this.epoch++
    this.cable.disconnect()
    this.reconnectAt = Math.max(this.reconnectAt, this.clock.now() + down)
    this.clock.after(down, () => {
      if (this.clock.now() < this.reconnectAt || this.cable.isConnected) return
      this.commandsFreeAt = 0
      this.cable.connect()
    })
  }

  /**
   * A new document opened its own socket (the old one closed with its document): the old
   * socket's streams, commands and markers in transit are gone.
   */
  newSocket(): void {
    this.epoch++
    this.commandsFreeAt = 0
  }

  /** Pub/sub lost: `interrupted` now; after `down` ms every followed identifier is re-sent. */
  interrupt(down: number): void {
    if (this.interrupted) return
    this.interrupted = true
    this.transmit({ type: 'interrupted' })
    this.clock.after(down, () => {
      this.interrupted = false
      const version = ++this.seq // above anything sent before
      for (const identifier of this.cable.channel?.streams ?? []) {
        this.transmit({ type: 'subscribed', identifier, version })
      }
    })
  }

  /** The user loses access to `id`: the server ends its subscription and refuses new ones. */
  revoke(id: Identifier): void {
    this.revoked.add(id)
    const channel = this.cable.channel
    if (channel?.connected && channel.streams.delete(id)) {
      this.transmit({ type: 'unsubscribed', identifier: id, code: 'unauthorized' })
    }
  }

  get connected(): boolean {
    return this.cable.isConnected
  }

  private versionOf(id: Identifier): number {
    return this.versions.get(id) ?? FLOOR
  }

  private sendMarker(id: Identifier, version: number, delay: number, spread?: number) {
    const epoch = this.epoch
    this.clock.after(delay, () => {
      if (epoch !== this.epoch) return // in transit when the socket dropped
      const delivered = this.cable.deliver({
        identifier: id,
        action: 'update',
        timestamp: Math.floor(this.clock.now() / 1000),
        version,
        ...(spread ? { spread } : {}),
      })
      if (delivered > 0) this.tell(id, version)
    })
  }

  private transmit(data: unknown): void {
    if (!this.cable.channel?.connected) return
    const reply = data as { type: string; identifier?: string; version?: number }
    if (reply.type === 'subscribed') this.tell(reply.identifier!, reply.version!)
    this.cable.transmit(data)
  }

  private tell(identifier: string, version: number): void {
    this.told.set(identifier, Math.max(version, this.told.get(identifier) ?? 0))
  }

  /** The count a prop's identifier must show at least once the client knows of `version`. */
  countAt(id: Identifier, version: number): number {
    let count = 0
    for (const change of this.history) {
      if (change.id === id && change.version <= version) count = Math.max(count, change.count)
    }
    return count
  }

  private latency(): number {
    return this.net.chance(0.1) ? this.net.int(300, 2_500) : this.net.int(2, 150)
  }

  private markerDelay(): number {
    return this.net.chance(0.1) ? this.net.int(200, 1_500) : this.net.int(1, 60)
  }
}

export interface PostBody {
  ids: Identifier[]
  job: { ids: Identifier[]; delay: number } | null
  back: string
}
