import { describe, expect, it, vi } from 'vitest'
import {
  FakeXHR,
  INERTIA_HEADERS,
  drain,
  errorModal,
  fullVisits,
  pending,
  router,
  settle,
  syncReloads,
} from './helpers/inertia.js'
import { useWorld } from './helpers/world.js'

// Each test is a scenario where a tab used to stay stale for good. Real @inertiajs/core router,
// fake XMLHttpRequest, fake cable, fake timers.
const w = useWorld()
const status = () => w.registry.getStatus()
/** v1 clients sent their tab id; markers of the tab's own writes carried it back. */
const ownOrigin = () => ({ origin: (w.registry as unknown as { origin?: string }).origin })

describe('per-prop cursors', () => {
  it('a late subscription trusts its own prop, not a partial reload of another prop', async () => {
    await w.boot()
    w.registry.subscribe('Account:all', 'accounts')
    await w.cable.settle()
    w.commit('Account:PNvAYr', () => (w.db.name = 'renamed')) // 11: nobody follows it yet
    w.commit('Account:all', () => w.db.accounts.push('a2')) // 12
    await drain(w.server, 1000) // `accounts` reloaded at cursor 12; `account` still shows 10
    w.registry.subscribe('Account:PNvAYr', 'account') // a component mounts late
    await drain(w.server)
    expect(w.props().account).toMatchObject({ name: 'renamed' })
  })

  it('an older sync response landing after the app’s own newer reload is reloaded again', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.commit('Account:all', () => (w.db.accounts = ['v11']))
    await vi.advanceTimersByTimeAsync(30)
    const sync = syncReloads()[0]!
    const older = w.server.body(sync) // rendered now, at cursor 11
    w.commit('Account:all', () => (w.db.accounts = ['v12']))
    router.reload({ only: ['accounts'] }) // the app's own reload (a poll, say)
    await settle(2)
    w.server.respond(pending().find((xhr) => xhr !== sync)!)
    await settle()
    expect(w.props().accounts).toEqual(['v12'])
    // Inertia applies responses in arrival order: the older one must not land last (the sync
    // reload was cancelled when the app's reload of the same prop started), or be reloaded again.
    expect(sync.aborted).toBe(true)
    if (!sync.done) sync.respond(200, INERTIA_HEADERS, older)
    await settle()
    await drain(w.server)
    expect(w.props().accounts).toEqual(['v12'])
    expect(status()).toMatchObject({ ready: true, pending: [] })
  })

  it('a marker dropped as seen still counts when an older response then lands', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    router.reload({ only: ['account'], async: true }) // the app's own reload (a poll, say)
    await settle()
    const older = pending()[0]!
    const olderBody = w.server.body(older) // rendered now, at cursor 10
    w.db.name = 'renamed'
    const version = ++w.server.cursor // committed at 11; its marker is still on its way
    router.visit('/accounts', { only: ['account'], preserveState: true }) // the user's own visit
    await settle()
    w.server.respond(pending().find((xhr) => xhr !== older)!)
    await settle()
    expect(w.props().account).toMatchObject({ name: 'renamed' })
    w.cable.deliver({ identifier: 'Account:PNvAYr', action: 'update', timestamp: 0, version })
    await settle() // the page shows version 11 already: the marker is dropped as seen
    older.respond(200, INERTIA_HEADERS, olderBody) // the older response lands last
    await settle()
    expect(w.props().account).toMatchObject({ name: 'first' })
    await drain(w.server)
    expect(w.props().account).toMatchObject({ name: 'renamed' })
    expect(status()).toMatchObject({ ready: true, pending: [] })
  })

  it('a reload of account.members never marks account.name as seen', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.commit('Account:PNvAYr/account_users', () => w.db.users.push('u2')) // 11
    await vi.advanceTimersByTimeAsync(30)
    const members = syncReloads()[0]!
    expect(members.only).toEqual(['account.members'])
    w.commit('Account:PNvAYr', () => (w.db.name = 'renamed')) // 12, while it travels
    w.server.respond(members) // rendered at cursor 12, with the members only
    await drain(w.server)
    expect(w.props().account).toEqual({ id: 'PNvAYr', name: 'renamed', members: ['u1', 'u2'] })
  })
})

describe('visits', () => {
  it('reloads the change of a job its own POST enqueued, committed after the redirect read its data', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.server.redirects.set('/accounts/PNvAYr', '/accounts')
    router.post('/accounts/PNvAYr', { name: 'mine' })
    await settle(2)
    const visit = pending()[0]!
    w.commit('Account:PNvAYr', () => (w.db.name = 'mine'), ownOrigin()) // the request's own write
    const body = w.server.body(visit) // the redirect target renders (cursor 11)
    w.commit('Account:PNvAYr', () => (w.db.name = 'by the job'), ownOrigin()) // 12: the job
    visit.respond(200, INERTIA_HEADERS, body)
    await drain(w.server)
    expect(w.props().account).toMatchObject({ name: 'by the job' })
    expect(syncReloads()).toHaveLength(1) // its own write needed none
  })

  it('sends no reload between a visit the router interrupts and the visit interrupting it', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    router.visit('/settings')
    await settle(2)
    w.commit('Account:all', () => w.db.accounts.push('a2'))
    await vi.advanceTimersByTimeAsync(400) // due, but the user's visit goes first
    router.visit('/accounts') // interrupts the first visit
    await settle(2)
    expect(syncReloads()).toHaveLength(0)
    await drain(w.server)
    expect(syncReloads()).toHaveLength(0) // the visit's response covered the change
    expect(w.props().accounts).toEqual(['a1', 'a2'])
  })

  it('credits a visit interrupted before it was sent, whose older response Inertia still shows', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    // Two visits in one turn: Inertia 3.x interrupts the first (its finish event says so) before
    // its request goes out, and sends it all the same (the abort came before the request listened).
    router.visit('/accounts', { preserveState: true })
    router.visit('/accounts', { preserveState: true })
    await settle(2)
    const [first, second] = pending()
    const older = first && w.server.body(first) // rendered now: accounts ['a1']
    w.commit('Account:all', () => w.db.accounts.push('a2'))
    await w.cable.settle() // the tab hears of version 11
    await settle()
    if (second) w.server.respond(second) // covers the change: nothing left to reload
    await settle()
    if (first && !first.done) first.respond(200, INERTIA_HEADERS, older!) // lands last
    await settle()
    await drain(w.server)
    expect(w.props().accounts).toEqual(['a1', 'a2'])
    expect(status()).toMatchObject({ ready: true, pending: [] })
  })

  it('stops waiting for a user visit that never finishes, after reloadTimeoutMs', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    router.post('/accounts/PNvAYr', { name: 'x' }) // its response never comes, nor its finish
    await settle(2)
    w.commit('Account:all', () => w.db.accounts.push('a2'))
    await vi.advanceTimersByTimeAsync(14_000)
    expect(syncReloads()).toHaveLength(0) // the user's visit goes first
    await vi.advanceTimersByTimeAsync(1_100)
    await settle()
    expect(syncReloads()).toHaveLength(1)
    w.server.respond(syncReloads()[0]!)
    await settle()
    expect(w.props().accounts).toEqual(['a1', 'a2'])
  })
})

describe('failed sync reloads', () => {
  async function firstReload() {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.commit('Account:all', () => w.db.accounts.push('a2'))
    await vi.advanceTimersByTimeAsync(30)
    return syncReloads()[0]!
  }

  it('retries a 500 with backoff, reports retrying, and never opens the error modal', async () => {
    const reload = await firstReload()
    reload.respond(500, { 'content-type': 'text/html' }, '<h1>We are sorry</h1>')
    await settle()
    expect(errorModal()).toBeNull()
    expect(status()).toMatchObject({ retrying: true, failures: 1, ready: false })
    expect(status().pending).toEqual(['accounts'])
    await vi.advanceTimersByTimeAsync(700)
    expect(syncReloads()).toHaveLength(1) // backoff: at least 750 ms
    await vi.advanceTimersByTimeAsync(600)
    expect(syncReloads()).toHaveLength(2)
    syncReloads()[1]!.respond(503, { 'content-type': 'text/html' }, 'Service Unavailable')
    await settle()
    expect(status().failures).toBe(2)
    await drain(w.server)
    expect(w.props().accounts).toEqual(['a1', 'a2'])
    expect(status()).toMatchObject({ retrying: false, failures: 0, ready: true })
  })

  it('retries after a network error, without an unhandled rejection', async () => {
    const reload = await firstReload()
    reload.fail()
    await settle()
    expect(status().retrying).toBe(true)
    await drain(w.server)
    expect(w.props().accounts).toEqual(['a1', 'a2'])
  })

  it('treats a reload that never finishes as failed (watchdog), then retries', async () => {
    const reload = await firstReload()
    await vi.advanceTimersByTimeAsync(14_000)
    expect(status().inFlight).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000) // reloadTimeoutMs
    expect(reload.aborted).toBe(true)
    expect(status()).toMatchObject({ inFlight: 0, retrying: true })
    await drain(w.server)
    expect(w.props().accounts).toEqual(['a1', 'a2'])
  })

  it('answers a 409 version conflict with one full visit, not a retry loop', async () => {
    const notes = vi.spyOn(Storage.prototype, 'setItem')
    const locationVisits = () => notes.mock.calls.filter(([key]) => key === 'inertiaLocationVisit')
    const reload = await firstReload()
    const location = { 'x-inertia-location': window.location.href, 'x-inertia-version': '2' }
    reload.respond(409, location, '')
    await settle()
    // Inertia 3.x leaves an async reload's conflict to the app: the registry visits the page; the
    // server answers that visit with 409 too, and Inertia then loads the page for real. Inertia 2.x
    // loads the page for real at once. Either way: one full load (jsdom keeps the tab).
    if (fullVisits().length > 0) fullVisits()[0]!.respond(409, location, '')
    await settle()
    expect(fullVisits().length).toBeLessThanOrEqual(1)
    expect(locationVisits()).toHaveLength(1)
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(5_000)
      for (const xhr of pending()) xhr.respond(409, location, '')
    }
    expect(fullVisits().length).toBeLessThanOrEqual(1)
    expect(locationVisits()).toHaveLength(1)
    sessionStorage.clear()
  })

  it('answers an ended session (401) with one full visit', async () => {
    const reload = await firstReload()
    reload.respond(401, { 'content-type': 'text/html' }, 'Unauthorized')
    await settle()
    expect(errorModal()).toBeNull()
    expect(fullVisits()).toHaveLength(1)
  })
})

describe('protocol 2', () => {
  it('treats an unsubscribed reply with a code (the server ended it) as an error', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.cable.transmit({ type: 'unsubscribed', identifier: 'Account:PNvAYr', code: 'unauthorized' })
    expect(status().identifiers['Account:PNvAYr']).toMatchObject({
      state: 'error',
      code: 'unauthorized',
    })
    expect(status().subscribed).toBe(2)
  })

  it('after interrupted: not ready until every identifier is subscribed again and reloaded', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    expect(status().ready).toBe(true)
    w.cable.transmit({ type: 'interrupted' })
    expect(status()).toMatchObject({ ready: false, subscribed: 0 })
    w.db.name = 'changed during the outage' // its marker was lost
    w.server.cursor = 20
    for (const identifier of ['Account:all', 'Account:PNvAYr', 'Account:PNvAYr/account_users']) {
      w.cable.replySubscribed(identifier, 20)
    }
    expect(status().ready).toBe(false)
    await drain(w.server)
    expect(w.props().account).toMatchObject({ name: 'changed during the outage' })
    expect(status().ready).toBe(true)
  })

  it('after interrupted, an identifier the server had ended stays failed (it is not re-sent)', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    w.cable.transmit({ type: 'unsubscribed', identifier: 'Account:PNvAYr', code: 'unauthorized' })
    w.cable.transmit({ type: 'interrupted' })
    expect(status().identifiers['Account:PNvAYr']!.state).toBe('error')
    w.cable.replySubscribed('Account:all', 20)
    w.cable.replySubscribed('Account:PNvAYr/account_users', 20)
    w.server.cursor = 20
    await drain(w.server)
    expect(status()).toMatchObject({ ready: false, state: 'error', subscribed: 2, total: 3 })
    expect(status().errors).toMatchObject([{ identifier: 'Account:PNvAYr', code: 'unauthorized' }])
  })

  it('waits a random delay inside the marker’s spread before reloading', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    w.commit('Account:all', () => w.db.accounts.push('a2'), { spread: 1000 })
    await vi.advanceTimersByTimeAsync(529) // collectMs 30 + 0.5 × 1000
    expect(syncReloads()).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(syncReloads()).toHaveLength(1)
  })
})

describe('a crowd (markers with a spread)', () => {
  /** A marker for 1,000 tabs: the server asks each to wait a random delay in [0, 1000) ms. */
  async function crowdReload() {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    w.commit('Account:all', () => w.db.accounts.push('a2'), { spread: 1000 })
    await vi.advanceTimersByTimeAsync(530) // collectMs 30 + 0.5 × spread
    return syncReloads()[0]!
  }

  it('gives a reload answering a crowd longer before the watchdog calls it failed', async () => {
    const reload = await crowdReload()
    await vi.advanceTimersByTimeAsync(15_000) // reloadTimeoutMs alone: the crowd still queues
    expect(reload.aborted).toBe(false)
    expect(status().inFlight).toBe(1)
    await vi.advanceTimersByTimeAsync(10_000) // + 10 × spread
    expect(reload.aborted).toBe(true)
    expect(status()).toMatchObject({ inFlight: 0, retrying: true })
  })

  it('aborts a timed-out reload, then retries it no sooner than the spread after the backoff', async () => {
    const reload = await crowdReload()
    await vi.advanceTimersByTimeAsync(25_000)
    expect(reload.aborted).toBe(true)
    // backoff 1000 × (0.75 + 0.5 × 0.5) = 1000 ms, then the spread × (1 + 0.5) = 1500 ms
    await vi.advanceTimersByTimeAsync(2_499)
    expect(syncReloads()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(syncReloads()).toHaveLength(2)
    expect(pending()).toEqual([syncReloads()[1]]) // never two in flight
    await drain(w.server)
    expect(w.props().accounts).toEqual(['a1', 'a2'])
  })

  it('spreads the retry of a failed crowd reload too', async () => {
    const reload = await crowdReload()
    reload.respond(503, { 'content-type': 'text/html' }, 'busy')
    await settle()
    await vi.advanceTimersByTimeAsync(2_499)
    expect(syncReloads()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(syncReloads()).toHaveLength(2)
  })
})

describe('timing', () => {
  it('a burst of 100 commits in 1 s costs at most 3 reloads, and the last state shows', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    for (let i = 0; i < 100; i++) {
      w.commit('Account:all', () => w.db.accounts.push(`b${i}`))
      for (const xhr of pending()) w.server.respond(xhr)
      await vi.advanceTimersByTimeAsync(10)
    }
    await drain(w.server, 2000)
    expect(syncReloads().length).toBeLessThanOrEqual(3)
    expect((w.props().accounts as string[]).at(-1)).toBe('b99')
  })

  it('with a slow server (400 ms a reload), a 1 s burst still costs at most 3 reloads', async () => {
    await w.boot()
    w.subscribeAccountsPage()
    await w.cable.settle()
    const sentAt = new Map<FakeXHR, number>()
    let now = 0
    for (let i = 0; i < 100; i++, now += 10) {
      w.commit('Account:all', () => w.db.accounts.push(`b${i}`))
      for (const xhr of pending()) {
        if (!sentAt.has(xhr)) sentAt.set(xhr, now)
        if (now - sentAt.get(xhr)! >= 400) w.server.respond(xhr)
      }
      await vi.advanceTimersByTimeAsync(10)
    }
    await drain(w.server, 2000)
    expect(syncReloads().length).toBeLessThanOrEqual(3)
    expect((w.props().accounts as string[]).at(-1)).toBe('b99')
  })
})

void FakeXHR
