import { Connection } from './connection.js'
import { Emitter } from './emitter.js'
import { flushOnMarker } from './features/prefetch.js'
import { Intake } from './intake.js'
import { RegistryOptions } from './options.js'
import { PageCursors } from './page-cursors.js'
import { PageIntake } from './page-intake.js'
import { PageSettling } from './page-settling.js'
import type { ReloadSender } from './reload-timer.js'
import { RouterBridge } from './router-bridge.js'
import { buildStatus } from './status.js'
import { StatusPublisher } from './status-publisher.js'
import { Subscriptions } from './subscriptions.js'
import { SyncReloads } from './sync-reloads.js'
import { TabVisibility } from './tab-visibility.js'
import type { SyncEventMap, SyncStatus } from './types.js'

/** The parts of one registry, each the owner of its state. */
export interface SyncParts {
  readonly settings: RegistryOptions
  readonly events: Emitter<SyncEventMap>
  readonly subscriptions: Subscriptions
  readonly page: PageCursors
  readonly bridge: RouterBridge
  readonly visibility: TabVisibility
  readonly status: StatusPublisher
  readonly reloads: SyncReloads
  readonly link: Connection
  readonly pages: PageIntake
  readonly intake: Intake
  readonly settling: PageSettling
}

/**
 * Builds the parts and wires them together. A marker's way: `Connection` → `Intake` (writes
 * `Subscriptions`) → `SyncReloads` → its `ReloadTimer` → `SyncRegistry.performReload` →
 * `SyncReloads.send` → `RouterBridge.issue` →
 * `Flight.launch` → `router.reload`. The response's way back: `RouterBridge` → `PageIntake`
 * (writes `PageCursors`), and the flight's end → `SyncReloads.flightEnded`. `PageSettling` sits
 * between the bridge and its listeners: the status waits for the page shown to have rendered.
 */
export function wireParts(sender: ReloadSender): SyncParts {
  const settings = new RegistryOptions()
  const events = new Emitter<SyncEventMap>()
  const subscriptions = new Subscriptions(() => settings.setting('maxSubscriptions'))
  const page = new PageCursors()
  const bridge = new RouterBridge(page, () => settings.setting('reloadTimeoutMs'))
  const visibility = new TabVisibility()
  const status = new StatusPublisher(
    () => statusOf(parts),
    (snapshot) => events.emit('status', snapshot),
    () => settings.setting('domAttributes'),
  )
  const context = { subscriptions, page, bridge, visibility, events, options: settings, status }
  const reloads = new SyncReloads({ ...context, sender })
  const intake = new Intake(subscriptions, page, events, reloads, settings.log)
  const link = new Connection(settings, intake)
  const pages = new PageIntake(settings, page, reloads, link, subscriptions, status)
  const settling = new PageSettling(pages, reloads, bridge.visits, status)
  const parts: SyncParts = { ...context, settings, reloads, link, pages, intake, settling }

  bridge.listen(settling, settling)
  subscriptions.on('perform', ({ action, identifier }) => link.perform(action, identifier))
  subscriptions.on('changed', () => status.changed())
  link.on('state', (change) => {
    status.changed()
    events.emit('connection', change)
  })
  link.on('up', ({ isReconnect }) => {
    intake.clearRetries() // every identifier is asked for anew
    subscriptions.resubscribeAll(isReconnect)
  })
  link.on('down', () => {
    intake.clearRetries()
    subscriptions.awaitAll()
  })
  visibility.on('shown', () => sender.performReload())
  flushOnMarker(
    events,
    () => bridge.attached,
    () => settings.option('prefetchInvalidation'),
  )
  return parts
}

function statusOf(parts: SyncParts): SyncStatus {
  return buildStatus({
    connection: parts.link.state,
    enabled: parts.settings.setting('enabled'),
    subscriptions: parts.subscriptions,
    page: parts.page,
    pending: parts.reloads.pending(),
    reloads: parts.reloads.reloads,
    inFlight: parts.reloads.inFlight,
    failures: parts.reloads.timer.failed,
    settling: parts.settling.settling,
  })
}
