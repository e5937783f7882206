/**
 * A tab driven by this project's coordinator: the real `SyncRegistry` from client/src, with a
 * `ws`-based consumer and a router stub whose reloads are real partial-reload GETs.
 */
import { SyncRegistry } from 'inertia-sync'
import { installDomShim } from './dom-shim.ts'
import { RouterStub } from './router-stub.ts'
import type { InertiaPage, Session } from './session.ts'
import { sleep } from './stats.ts'
import { Tab } from './tab.ts'
import { WsConsumer } from './ws-consumer.ts'

export interface SyncTab {
  tab: Tab
  registry: SyncRegistry
  consumer: WsConsumer
  close(): void
}

/**
 * Opens `path` (or shows `page`, already fetched: a crowd of one user's tabs needs one GET), maps
 * identifier → prop like the page's `syncWithRails`, waits until subscribed.
 */
export async function openSyncTab(
  session: Session,
  path: string,
  mappings: Record<string, string>,
  page?: InertiaPage,
): Promise<SyncTab> {
  installDomShim()
  const tab = page ? new Tab(session, page) : await Tab.open(session, path)
  const consumer = new WsConsumer(session)
  const registry = new SyncRegistry({
    consumer,
    router: new RouterStub(tab),
    domAttributes: false,
    pauseWhenHidden: false,
  })
  registry.setPage(tab.page)
  for (const [identifier, prop] of Object.entries(mappings)) registry.subscribe(identifier, prop)
  const deadline = Date.now() + 15_000
  while (!registry.getStatus().ready) {
    if (Date.now() > deadline || consumer.errors.length) {
      throw new Error(`sync tab not ready: ${consumer.errors.join('; ') || 'timeout'}`)
    }
    await sleep(10)
  }
  const status = registry.getStatus()
  if (status.subscribed !== status.total) {
    throw new Error(`sync tab: ${JSON.stringify(status.identifiers)}`)
  }
  return {
    tab,
    registry,
    consumer,
    close: () => {
      registry.disconnect()
      consumer.disconnect()
      tab.close()
    },
  }
}
