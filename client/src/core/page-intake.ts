import type { Connection } from './connection.js'
import type { InertiaPage } from './inertia-types.js'
import type { RegistryOptions } from './options.js'
import type { Arrival, PageCursors } from './page-cursors.js'
import { readPageProp } from './protocol.js'
import type { PageListener } from './router-listeners.js'
import type { Subscriptions } from './subscriptions.js'
import type { SyncReloads } from './sync-reloads.js'

/**
 * Takes in each page the tab shows: the server's settings from its `inertia_sync` prop, the
 * cursors of the props its response refreshed, and what that changes for the sync reloads and the
 * connection (the server may turn sync off or on).
 */
export class PageIntake implements PageListener {
  constructor(
    private readonly options: RegistryOptions,
    private readonly cursors: PageCursors,
    private readonly reloads: SyncReloads,
    private readonly link: Connection,
    private readonly subscriptions: Subscriptions,
    private readonly status: { changed(): void },
  ) {}

  /** The app (an adapter at component init) says which page is showing. */
  reported(page: InertiaPage): void {
    this.pageShown(page, this.cursors.page ? { kind: 'observed' } : { kind: 'first' }, false)
  }

  pageShown(page: InertiaPage, arrival: Arrival, own: boolean, visitId?: string): void {
    if (!page || typeof page.component !== 'string') return
    this.reloads.pageShown(arrival, own, page, visitId)
    const pageProp = readPageProp(page.props)
    const wasEnabled = this.options.setting('enabled')
    if (pageProp) this.options.adoptServer(pageProp)
    const cursor = pageProp?.cursor ?? null
    if (this.cursors.show(page, cursor, arrival)) this.options.log('page', this.cursors.key)
    const enabled = this.options.setting('enabled')
    if (wasEnabled && !enabled) this.link.stop()
    if (!wasEnabled && enabled && this.subscriptions.size > 0) this.link.ensureConnected()
    this.reloads.workChanged()
    this.status.changed()
  }
}
