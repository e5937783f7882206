/**
 * When `ready` may be said: the real @inertiajs/core router (only XMLHttpRequest faked), the fake
 * cable, fake timers, and a small stand-in for a framework whose page components register their
 * mappings when they render, as `syncWithRails` does. Svelte and Vue render a swapped page in a
 * microtask; React in a task it schedules at the swap. Every status the registry publishes after
 * a page change is checked against the mappings the shown page's components want.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter, type SyncStatus } from '../src/index.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'
import { FakeServer, FakeXHR, pending, router, settle, stopInertia } from './helpers/inertia.js'

type Props = Record<string, unknown>
/** What each page component follows once rendered with `props` (identifier → prop). */
const FOLLOWS: Record<string, (props: Props) => Record<string, string>> = {
  'Settings/Show': () => ({}),
  'Accounts/Index': () => ({ 'Account:all': 'accounts' }),
  // Its task list is a deferred prop; the component that follows it mounts once it has loaded.
  'Accounts/Show': (props) => ({
    'Account:PNvAYr': 'account',
    ...(props.tasks === undefined ? {} : { 'Account:PNvAYr/tasks': 'tasks' }),
  }),
}

/** A server whose `/accounts/PNvAYr` defers its `tasks` to a partial reload after the page shows. */
class DeferringServer extends FakeServer {
  override render(path: string, only: string[] | null = null) {
    const page = super.render(path, only)
    if (path !== '/accounts/PNvAYr' || only !== null) return page
    delete page.props.tasks
    return { ...page, deferredProps: { default: ['tasks'] } }
  }
}

let server: DeferringServer
let cable: FakeCable
let registry: SyncRegistry
let mounted = new Map<string, string>()
let offs: Array<() => void> = []
/** The page the router handed the framework last (rendered, or about to be). */
let shown: { component: string; props: Props } = { component: '', props: {} }
/**
 * The status at each moment an observer may look (it was published, the router reported a page),
 * with the mappings the page the router shows wants.
 */
let published: Array<{ status: SyncStatus; wanted: string[] }> = []

/** The framework renders `page`: its components' mappings are bound, the old ones released. */
function render(page: { component: string; props: Props }): void {
  const wanted = new Map(Object.entries(FOLLOWS[page.component]?.(page.props) ?? {}))
  for (const [identifier, prop] of mounted) {
    if (wanted.get(identifier) !== prop) registry.unsubscribe(identifier, prop)
  }
  for (const [identifier, prop] of wanted) {
    if (mounted.get(identifier) !== prop) registry.subscribe(identifier, prop)
  }
  mounted = wanted
}

const wantedNow = () => Object.keys(FOLLOWS[shown.component]?.(shown.props) ?? {}).sort()

/** Boots the router on `path`, rendering pages the way `framework` does. */
async function boot(path: string, framework: 'microtask' | 'task'): Promise<void> {
  vi.stubGlobal('XMLHttpRequest', FakeXHR)
  FakeXHR.requests = []
  window.history.replaceState(null, '', path)
  registry = new SyncRegistry({ router: router as unknown as InertiaRouter, consumer: cable })
  const observe = () => published.push({ status: registry.getStatus(), wanted: wantedNow() })
  registry.on('status', observe)
  offs = ['navigate', 'success'].map((event) => router.on(event as 'navigate', observe))
  const schedule = framework === 'microtask' ? queueMicrotask : (fn: () => void) => setTimeout(fn)
  router.init({
    initialPage: server.render(path) as never,
    resolveComponent: (name: string) => ({ name }),
    swapComponent: async ({ page }: { page: { component: string; props: Props } }) => {
      shown = page
      schedule(() => render(page))
    },
  } as never)
  await settle()
}

/** Answers every open request and lets the router, the framework and the cable settle. */
async function quiet(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    for (const xhr of pending()) server.respond(xhr)
    await settle()
    await cable.settle()
    await settle()
  }
}

/** Every ready status published was about the mappings the shown page wanted. */
function neverPrematurelyReady(): void {
  for (const { status, wanted } of published) {
    if (status.ready) expect(Object.keys(status.identifiers).sort()).toEqual(wanted)
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  server = new DeferringServer()
    .route('/settings', 'Settings/Show', () => ({ settings: { theme: 'dark' } }))
    .route('/accounts', 'Accounts/Index', () => ({ accounts: ['a1'] }))
    .route('/accounts/PNvAYr', 'Accounts/Show', () => ({
      account: { id: 'PNvAYr', name: 'Acme' },
      tasks: ['t1'],
    }))
  server.cursor = 10
  cable = createFakeConsumer({
    versions: { 'Account:all': 10, 'Account:PNvAYr': 10, 'Account:PNvAYr/tasks': 10 },
  })
  mounted = new Map()
  published = []
})

afterEach(() => {
  for (const off of offs) off()
  offs = []
  registry.destroy()
  stopInertia()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe.each(['microtask', 'task'] as const)(
  'ready, a framework rendering in a %s',
  (framework) => {
    it('a fresh load of a page that follows nothing is ready, with no socket', async () => {
      await boot('/settings', framework)
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 0, connection: 'idle' })
      expect(document.documentElement.dataset.syncReady).toBe('true')
      neverPrematurelyReady()
    })

    it('is not ready before the first page has shown', () => {
      registry = new SyncRegistry({ router: router as unknown as InertiaRouter, consumer: cable })
      expect(registry.getStatus()).toMatchObject({ ready: false, total: 0 })
    })

    it('a page that follows nothing is ready reached by navigation too', async () => {
      await boot('/accounts', framework)
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 1 })
      router.visit('/settings')
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 0, connection: 'connected' })
      neverPrematurelyReady()
    })

    it('from a page that follows nothing to a synced one: not ready until its identifiers are subscribed', async () => {
      await boot('/settings', framework)
      await quiet()
      published = []
      router.visit('/accounts')
      await settle(1)
      expect(registry.getStatus().ready).toBe(false) // the visit is in flight
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 1, subscribed: 1 })
      neverPrematurelyReady()
    })

    it('from one synced page to another: never ready with the old page’s identifiers', async () => {
      await boot('/accounts', framework)
      await quiet()
      published = []
      router.visit('/settings')
      await quiet()
      router.visit('/accounts')
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 1 })
      neverPrematurelyReady()
      expect(published.some(({ status }) => status.ready)).toBe(true)
    })

    it('a component that mounts once a deferred prop loaded is followed before ready', async () => {
      await boot('/accounts/PNvAYr', framework)
      await settle()
      await cable.settle() // Account:PNvAYr is subscribed; the deferred tasks are still loading
      await settle()
      // (each `router.init` of this file adds Inertia a listener: one deferred reload per test so far)
      expect(pending().map((xhr) => xhr.only)).toContainEqual(['tasks'])
      expect(registry.getStatus()).toMatchObject({ ready: false, total: 1, subscribed: 1 })
      await quiet()
      expect(registry.getStatus()).toMatchObject({ ready: true, total: 2, subscribed: 2 })
      neverPrematurelyReady()
    })
  },
)
