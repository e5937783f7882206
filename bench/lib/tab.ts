/**
 * A simulated browser tab without a browser: the Inertia page it shows, partial reloads that are
 * real GETs against the server (merged into the page as Inertia does), and a counter of them.
 */
import { now } from './stats.ts'
import type { InertiaPage, Session } from './session.ts'
import { TabConnection, tabsShareFetchPool } from './tab-connection.ts'

export interface Shown {
  /** When the response was applied (performance.now()). */
  at: number
  /** The same moment on the wall clock (Date.now()), to compare with a browser's clock. */
  wall: number
  name: string
}

export class Tab {
  reloads = 0
  inFlight = 0
  maxInFlight = 0
  readonly shown: Shown[] = []
  readonly errors: string[] = []
  /** Called with each response as it is applied (a crowd's waits are events, not timers polling). */
  readonly shownListeners = new Set<(shown: Shown) => void>()
  /** This tab's own kept-alive connection, as a browser holds one (none: `fetch`'s shared pool). */
  private readonly connection = tabsShareFetchPool ? undefined : new TabConnection()

  constructor(
    readonly session: Session,
    public page: InertiaPage,
  ) {}

  static async open(session: Session, path: string): Promise<Tab> {
    return new Tab(session, await session.visit(path))
  }

  get accountName(): string {
    return (this.page.props.account as { name?: string } | null)?.name ?? ''
  }

  /** One partial reload of `only`; applies the response and records what the tab now shows. */
  async reload(only: string[], headers: Record<string, string> = {}): Promise<InertiaPage | null> {
    this.reloads++
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      const partial = await this.session.partialReload(this.page, only, headers, this.connection)
      this.page = { ...partial, props: { ...this.page.props, ...partial.props } }
      const shown = { at: now(), wall: Date.now(), name: this.accountName }
      this.shown.push(shown)
      for (const listener of this.shownListeners) listener(shown)
      return this.page
    } catch (error) {
      this.errors.push(String(error))
      return null
    } finally {
      this.inFlight--
    }
  }

  /** Closes the tab's connection (a reload still in flight fails). */
  close(): void {
    this.connection?.close()
  }
}
