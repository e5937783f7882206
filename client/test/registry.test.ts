import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../src/index.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'
import {
  FakeServer,
  FakeXHR,
  pending,
  router,
  settle,
  startInertia,
  stopInertia,
  syncReloads,
} from './helpers/inertia.js'

// The real @inertiajs/core router, with only XMLHttpRequest faked (see helpers/inertia.ts).

let server: FakeServer
let cable: FakeCable
let registry: SyncRegistry
const db = { accounts: ['a1'], selected: 'first', users: ['u1'] }

function marker(identifier: string, version?: number) {
  return cable.deliver({ identifier, action: 'update', timestamp: 0, version })
}

/** Two components on one page, as in the spec's section 5.3. */
function subscribeAccountsPage() {
  registry.subscribe('Account:all', 'accounts')
  registry.subscribe('Account:PNvAYr', 'selected_account')
  registry.subscribe('Account:PNvAYr/account_users', 'selected_account')
}

async function boot(
  path = '/accounts',
  options: ConstructorParameters<typeof SyncRegistry>[0] = {},
) {
  await startInertia(server, path)
  registry = new SyncRegistry({
    router: router as unknown as InertiaRouter,
    consumer: cable,
    domAttributes: true,
    ...options,
  })
  // The first page is known from the router's events after this, as in an app.
  registry.setPage(server.render(path) as never)
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  db.accounts = ['a1']
  db.selected = 'first'
  db.users = ['u1']
  server = new FakeServer()
    .route('/accounts', 'Accounts/Index', () => ({
      accounts: [...db.accounts],
      selected_account: { id: 'PNvAYr', name: db.selected, users: [...db.users] },
      flash_note: 'static',
    }))
    .route('/settings', 'Settings/Show', () => ({ settings: { theme: 'dark' } }))
  server.cursor = 10
  cable = createFakeConsumer({
    versions: { 'Account:all': 10, 'Account:PNvAYr': 10, 'Account:PNvAYr/account_users': 10 },
  })
})

afterEach(() => {
  registry?.destroy()
  stopInertia()
  vi.useRealTimers()
})

// The page components would render: the last one the router reported (`beforeUpdate` too:
// Inertia 2.x reports a page with errors by no other event).
let lastPage: { props: Record<string, unknown> } | undefined
const currentProps = () => lastPage?.props ?? {}
for (const name of ['beforeUpdate', 'success', 'navigate', 'error'] as const) {
  router.on(name, (event: { detail: { page?: unknown } }) => {
    if (event.detail.page) lastPage = event.detail.page as typeof lastPage
  })
}

describe('batching and debouncing (real router)', () => {
  it('merges the markers of one commit burst into one partial reload, after a short collect window', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    expect(cable.subscribedTo).toEqual([
      'Account:all',
      'Account:PNvAYr',
      'Account:PNvAYr/account_users',
    ])

    server.cursor = 11
    db.accounts = ['a1', 'a2']
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(10)
    server.cursor = 12
    db.users = ['u1', 'u2']
    marker('Account:PNvAYr/account_users', 12)
    await vi.advanceTimersByTimeAsync(19)
    expect(syncReloads()).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1) // collectMs (30) after the first marker: leading edge

    expect(syncReloads()).toHaveLength(1)
    const [reload] = syncReloads()
    expect(reload!.only!.sort()).toEqual(['accounts', 'selected_account'])
    expect(reload!.requestHeaders).not.toHaveProperty('x-inertia-sync-origin')
    server.respond(reload!)
    await settle()
    expect(currentProps().accounts).toEqual(['a1', 'a2'])
    expect((currentProps().selected_account as { users: string[] }).users).toEqual(['u1', 'u2'])
    expect(registry.getStatus().reloads).toBe(1)
    expect(document.documentElement.dataset.syncReloads).toBe('1')
    expect(registry.getStatus().identifiers['Account:all']!.seen).toBe(12)
  })

  it('after a reload, later markers coalesce: debounced, one reload per window', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(30)
    expect(syncReloads()).toHaveLength(1)
    server.respond(syncReloads()[0]!)
    await settle()
    server.cursor = 12
    marker('Account:all', 12)
    await vi.advanceTimersByTimeAsync(100)
    server.cursor = 13
    marker('Account:PNvAYr', 13)
    await vi.advanceTimersByTimeAsync(299)
    expect(syncReloads()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(syncReloads()).toHaveLength(2)
    expect(syncReloads()[1]!.only!.sort()).toEqual(['accounts', 'selected_account'])
  })

  it('shares one subscribe_to between duplicate mappings and reference-counts them', async () => {
    await boot()
    registry.subscribe('Account:all', 'accounts')
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    expect(cable.subscribedTo).toEqual(['Account:all'])
    registry.unsubscribe('Account:all', 'accounts')
    await cable.settle()
    expect(cable.unsubscribedFrom).toEqual([])
    registry.unsubscribe('Account:all', 'accounts')
    await cable.settle()
    expect(cable.unsubscribedFrom).toEqual(['Account:all'])
  })

  it('reloads under continuous markers thanks to the max wait', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    // A marker every 100 ms for 3 s: a pure trailing debounce (the spec) would never fire.
    for (let i = 1; i <= 30; i++) {
      server.cursor = 10 + i
      marker('Account:all', 10 + i)
      await vi.advanceTimersByTimeAsync(100)
      for (const xhr of pending()) server.respond(xhr)
      await settle(3)
    }
    const count = syncReloads().length
    expect(count).toBeGreaterThanOrEqual(2)
    expect(count).toBeLessThanOrEqual(4) // about one per maxWaitMs (1000 ms)
    // and never two in flight at once
    expect(registry.getStatus().inFlight).toBeLessThanOrEqual(1)
  })
})

describe('in-flight reloads', () => {
  it('sends exactly one follow-up for markers that arrive while a reload is in flight; last data wins', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()

    server.cursor = 11
    db.accounts = ['a1', 'v11']
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
    const first = syncReloads()[0]!
    // The server renders the first response now (cursor 11) ...
    const staleBody = JSON.stringify(server.render('/accounts', first.only))

    // ... two more commits land while it travels.
    server.cursor = 12
    db.accounts = ['a1', 'v12']
    marker('Account:all', 12)
    server.cursor = 13
    db.accounts = ['a1', 'v13']
    marker('Account:all', 13)
    await vi.advanceTimersByTimeAsync(1000)
    expect(syncReloads()).toHaveLength(1) // never two at once

    first.respond(200, { 'x-inertia': 'true' }, staleBody)
    await settle()
    expect(currentProps().accounts).toEqual(['a1', 'v11'])
    expect(syncReloads()).toHaveLength(2) // exactly one follow-up
    server.respond(syncReloads()[1]!)
    await settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(2)
    expect(currentProps().accounts).toEqual(['a1', 'v13'])
    expect(registry.getStatus().identifiers['Account:all']!.seen).toBe(13)
  })

  it('needs no follow-up when the in-flight response already covers the marker', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    server.cursor = 12
    marker('Account:all', 12) // committed before the response below was rendered
    server.respond(syncReloads()[0]!) // rendered at cursor 12
    await settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(1)
  })

  it('yields to a user visit: cancels its reload, and the visit resolves what it covers', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    db.accounts = ['a1', 'v11']
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    const reload = syncReloads()[0]!

    // The user submits a form that redirects back to the same page.
    server.redirects.set('/accounts/a1', '/accounts')
    router.post('/accounts/a1', { name: 'x' })
    await settle(2)
    expect(reload.aborted).toBe(true)
    const visit = pending().find((r) => !r.isSyncReload)!
    server.respond(visit) // full page at cursor 11
    await settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(1) // resolved by the visit: no second reload
    expect(currentProps().accounts).toEqual(['a1', 'v11'])
  })

  it('re-queues work a user visit does not cover', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    router.post('/accounts', {})
    await settle(2)
    const visit = pending().find((r) => !r.isSyncReload)!
    server.cursor = 10 // (a response rendered from a lagging replica, say)
    server.respond(visit)
    await settle()
    server.cursor = 11
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(2)
    expect(syncReloads()[1]!.only).toEqual(['accounts'])
  })

  it('keeps form errors through a sync reload (preserveErrors)', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.errors = { name: "can't be blank" }
    router.post('/accounts', {})
    await settle(2)
    server.respond(pending()[0]!)
    await settle()
    expect(currentProps().errors).toEqual({ name: "can't be blank" })
    server.errors = {}
    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    server.respond(syncReloads()[0]!)
    await settle()
    expect(currentProps().errors).toEqual({ name: "can't be blank" })
  })
})

describe('pages', () => {
  it('drops pending work when the user navigates during the debounce', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(10)
    router.visit('/settings')
    await settle(2)
    server.respond(pending()[0]!)
    await settle()
    // The old page's components unmount
    registry.unsubscribe('Account:all', 'accounts')
    registry.unsubscribe('Account:PNvAYr', 'selected_account')
    registry.unsubscribe('Account:PNvAYr/account_users', 'selected_account')
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(0)
    expect(registry.getStatus().pending).toEqual([])
  })

  it('never requests props the current page does not have', async () => {
    await boot()
    registry.subscribe('Account:all', 'accounts')
    registry.subscribe('Account:all', 'not_on_this_page')
    await cable.settle()
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()[0]!.only).toEqual(['accounts'])
  })

  it('removes a prop from pending work when its last mapping is unsubscribed', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    marker('Account:all', 11)
    marker('Account:PNvAYr', 11)
    registry.unsubscribe('Account:PNvAYr', 'selected_account')
    registry.unsubscribe('Account:PNvAYr/account_users', 'selected_account')
    expect(registry.getStatus().pending).toEqual(['accounts'])
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()[0]!.only).toEqual(['accounts'])
  })

  it('sends nothing when every pending prop was unsubscribed', async () => {
    await boot()
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    marker('Account:all', 11)
    registry.unsubscribe('Account:all', 'accounts')
    await cable.settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(0)
    expect(cable.unsubscribedFrom).toEqual(['Account:all'])
  })
})

describe('versions', () => {
  it('drops stale and duplicate markers', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    const drops: string[] = []
    registry.on('drop', ({ reason }) => drops.push(reason))
    marker('Account:all', 9) // older than the page (cursor 10)
    marker('Account:all', 10) // what the page already shows
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(0)
    expect(drops).toEqual(['stale', 'stale'])

    server.cursor = 11
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    server.respond(syncReloads()[0]!)
    await settle()
    marker('Account:all', 11) // duplicate delivery after the reload
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(1)
  })

  it('closes the gap between page render and subscribe', async () => {
    await boot() // rendered at cursor 10
    cable.setVersion('Account:PNvAYr', 12) // changed before the socket subscribed
    server.cursor = 12
    subscribeAccountsPage()
    await cable.settle()
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
    expect(syncReloads()[0]!.only).toEqual(['selected_account'])
  })

  it('catches up after a reconnect, reloading only identifiers whose version moved', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    cable.disconnect()
    expect(registry.getStatus().connection).toBe('disconnected')
    expect(document.documentElement.dataset.syncReady).toBe('false')
    // missed while offline
    cable.setVersion('Account:all', 14)
    server.cursor = 14
    cable.connect()
    expect(cable.subscribedTo).toHaveLength(6) // resubscribed everything
    // answered, but not ready: `accounts` is known to be behind
    expect(registry.getStatus()).toMatchObject({ ready: false, pending: ['accounts'] })
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
    expect(syncReloads()[0]!.only).toEqual(['accounts'])
    server.respond(syncReloads()[0]!)
    await settle()
    expect(registry.getStatus()).toMatchObject({ ready: true, pending: [] })
  })

  it('reloads everything after a reconnect when versions are unknown', async () => {
    server.route('/plain', 'Plain', () => ({ accounts: [], selected_account: null }))
    await boot('/plain')
    registry.setPage({
      component: 'Plain',
      url: '/plain',
      props: { accounts: [], selected_account: null },
    })
    cable = createFakeConsumer()
    registry.configure({ consumer: cable })
    subscribeAccountsPage()
    await cable.settle()
    cable.disconnect()
    const replies: string[] = []
    registry.on('subscription', ({ identifier }) => replies.push(identifier))
    // a server without versions
    cable.options.autoReply = false
    cable.connect()
    for (const id of cable.subscribedTo.slice(3)) cable.replySubscribed(id, null)
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
    expect(syncReloads()[0]!.only!.sort()).toEqual(['accounts', 'selected_account'])
  })
})

describe('origin and visibility', () => {
  it('ignores markers of its own writes: the visit that made them brings the data', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.redirects.set('/accounts/a1', '/accounts')
    router.post('/accounts/a1', { name: 'mine' })
    await settle(2)
    const visit = pending().find((r) => !r.isSyncReload)!
    server.cursor = 11
    db.selected = 'mine'
    marker('Account:PNvAYr', 11) // arrives while our own visit is in flight
    server.respond(visit)
    await settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(0)
    expect(currentProps().selected_account).toMatchObject({ name: 'mine' })

    marker('Account:all', 12)
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
  })

  it('reloads for a write of its own that no visit covered (a job it enqueued)', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    server.cursor = 11
    marker('Account:all', 11) // no visit in flight, newer than the page
    await vi.advanceTimersByTimeAsync(300)
    expect(syncReloads()).toHaveLength(1)
  })

  it('holds reloads while hidden and catches up once when visible', async () => {
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    let state: DocumentVisibilityState = 'hidden'
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => state)
    document.dispatchEvent(new Event('visibilitychange'))
    for (let i = 11; i < 20; i++) {
      marker(i % 2 ? 'Account:all' : 'Account:PNvAYr', i)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(syncReloads()).toHaveLength(0)
    state = 'visible'
    document.dispatchEvent(new Event('visibilitychange'))
    await settle(2)
    expect(syncReloads()).toHaveLength(1)
    expect(syncReloads()[0]!.only!.sort()).toEqual(['accounts', 'selected_account'])
    await vi.advanceTimersByTimeAsync(2000)
    expect(syncReloads()).toHaveLength(1)
  })
})

describe('status', () => {
  it('surfaces a rejected channel and subscription errors', async () => {
    cable = createFakeConsumer({ rejectChannel: true })
    await boot()
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    expect(registry.getStatus().connection).toBe('rejected')
    expect(document.documentElement.dataset.syncConnection).toBe('rejected')
  })

  it('reports per-identifier errors with their code', async () => {
    cable = createFakeConsumer({ autoReply: false })
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    expect(document.documentElement.dataset.syncReady).toBe('false')
    cable.replySubscribed('Account:all', 10)
    cable.replyError('Account:PNvAYr', 'unauthorized', 'Unauthorized')
    cable.replySubscribed('Account:PNvAYr/account_users', 10)
    const status = registry.getStatus()
    expect(status.identifiers['Account:PNvAYr']).toMatchObject({
      state: 'error',
      code: 'unauthorized',
    })
    // A refused identifier's props are not kept fresh: the tab is not ready, and says why.
    expect(status).toMatchObject({ ready: false, state: 'error' })
    expect(status.errors).toEqual([
      { identifier: 'Account:PNvAYr', code: 'unauthorized', error: 'Unauthorized' },
    ])
    const html = document.documentElement.dataset
    expect(html.syncSubscriptions).toBe('2/3')
    expect(html).toMatchObject({ syncReady: 'false', syncState: 'error' })
    expect(html.syncErrors).toBe('Account:PNvAYr (unauthorized)')
  })

  it('is ready again once a refused identifier is no longer followed', async () => {
    cable = createFakeConsumer({ autoReply: false })
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    cable.replySubscribed('Account:all', 10)
    cable.replyError('Account:PNvAYr', 'unauthorized', 'Unauthorized')
    cable.replySubscribed('Account:PNvAYr/account_users', 10)
    registry.unsubscribe('Account:PNvAYr', 'selected_account')
    expect(registry.getStatus()).toMatchObject({ ready: true, state: 'ready', errors: [] })
    expect(document.documentElement.dataset.syncErrors).toBe('')
  })

  it('refuses malformed identifiers and identifiers over the limit locally', async () => {
    await boot('/accounts', { maxSubscriptions: 1 })
    registry.subscribe('account:lower', 'accounts')
    registry.subscribe('Account:all', 'accounts')
    registry.subscribe('Account:PNvAYr', 'selected_account')
    await cable.settle()
    expect(cable.subscribedTo).toEqual(['Account:all'])
    const { identifiers } = registry.getStatus()
    expect(identifiers['account:lower']!.code).toBe('invalid_identifier')
    expect(identifiers['Account:PNvAYr']!.code).toBe('limit_reached')
  })

  it('reports failed after reconnectAttempts consecutive failures, then recovers', async () => {
    await boot('/accounts', { reconnectAttempts: 3 })
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    const states: string[] = []
    registry.on('connection', ({ state }) => states.push(state))
    cable.disconnect()
    cable.connection.monitor.reconnectAttempts = 3 // Action Cable kept retrying a dead server
    await vi.advanceTimersByTimeAsync(1000)
    expect(registry.getStatus().connection).toBe('failed')
    cable.connect()
    expect(states).toEqual(['disconnected', 'failed', 'connected'])
  })

  it('logs nothing unless debug', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    await boot()
    subscribeAccountsPage()
    await cable.settle()
    marker('Account:all', 11)
    await vi.advanceTimersByTimeAsync(300)
    expect(debug).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
    registry.configure({ debug: true })
    marker('Account:all', 12)
    expect(debug).toHaveBeenCalled()
  })

  it('applies the server configuration from the page prop, explicit options win', async () => {
    await boot()
    registry.setPage({
      component: 'Accounts/Index',
      url: '/accounts',
      props: { accounts: [], inertia_sync: { cursor: 10, debounceMs: 50, maxWaitMs: 80 } },
    })
    expect(registry.debounceMs).toBe(50)
    registry.configure({ debounceMs: 20 })
    expect(registry.debounceMs).toBe(20)
    expect(registry.maxWaitMs).toBe(80)
  })
})

void FakeXHR

describe('enabled', () => {
  it('leaves the channel when the server turns sync off, and rejoins when it turns it on', async () => {
    await boot()
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    expect(registry.getStatus().connection).toBe('connected')
    const page = { component: 'Accounts/Index', url: '/accounts', props: { accounts: [] } }
    registry.setPage({ ...page, props: { ...page.props, inertia_sync: { enabled: false } } })
    expect(registry.getStatus()).toMatchObject({ connection: 'idle', enabled: false })
    expect(cable.channels).toHaveLength(0)
    registry.setPage({ ...page, props: { ...page.props, inertia_sync: { enabled: true } } })
    await cable.settle()
    expect(registry.getStatus().connection).toBe('connected')
    expect(cable.subscribedTo).toEqual(['Account:all', 'Account:all'])
  })
})
