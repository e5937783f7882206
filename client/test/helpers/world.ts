/**
 * One tab of the demo's accounts page against a fake Rails side: the real @inertiajs/core router
 * (only XMLHttpRequest faked), the fake cable, and a registry wired as an app wires it.
 */
import { afterEach, beforeEach, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter, type SyncOptions } from '../../src/index.js'
import { createFakeConsumer, type FakeCable } from '../../src/testing/index.js'
import { FakeServer, router, startInertia, stopInertia } from './inertia.js'

export interface World {
  server: FakeServer
  cable: FakeCable
  registry: SyncRegistry
  db: { accounts: string[]; name: string; users: string[]; theme: string }
  /** The props the page components would render: the last page the router reported. */
  props(): Record<string, unknown>
  /** A commit on the server: bumps the cursor, changes the data, broadcasts the marker. */
  commit(identifier: string, change: () => void, extra?: Record<string, unknown>): number
  /** Boots the router on `path` and creates the registry. */
  boot(path?: string, options?: SyncOptions): Promise<void>
  /** The two components of the accounts page subscribe. */
  subscribeAccountsPage(): void
}

let lastPage: { props: Record<string, unknown> } | undefined
for (const name of ['success', 'navigate', 'error'] as const) {
  router.on(name, (event: { detail: { page?: unknown } }) => {
    if (event.detail.page) lastPage = event.detail.page as typeof lastPage
  })
}

/** Installs per-test setup and teardown; returns the world the current test runs in. */
export function useWorld(): World {
  const world = {} as World
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const db = { accounts: ['a1'], name: 'first', users: ['u1'], theme: 'dark' }
    const server = new FakeServer()
      .route('/accounts', 'Accounts/Index', () => ({
        accounts: [...db.accounts],
        account: { id: 'PNvAYr', name: db.name, members: [...db.users] },
      }))
      .route('/settings', 'Settings/Show', () => ({ settings: { theme: db.theme } }))
    server.cursor = 10
    const cable = createFakeConsumer({
      versions: { 'Account:all': 10, 'Account:PNvAYr': 10, 'Account:PNvAYr/account_users': 10 },
    })
    Object.assign(world, {
      server,
      cable,
      db,
      props: () => lastPage?.props ?? {},
      commit(identifier: string, change: () => void, extra: Record<string, unknown> = {}) {
        change()
        const version = ++server.cursor
        cable.deliver({ identifier, action: 'update', timestamp: 0, version, ...extra })
        return version
      },
      async boot(path = '/accounts', options: SyncOptions = {}) {
        await startInertia(server, path)
        world.registry = new SyncRegistry({
          router: router as unknown as InertiaRouter,
          consumer: cable,
          ...options,
        })
        world.registry.setPage(server.render(path) as never)
      },
      subscribeAccountsPage() {
        world.registry.subscribe('Account:all', 'accounts')
        world.registry.subscribe('Account:PNvAYr', 'account')
        world.registry.subscribe('Account:PNvAYr/account_users', 'account.members')
      },
    })
  })
  afterEach(() => {
    world.registry?.destroy()
    stopInertia()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })
  return world
}
