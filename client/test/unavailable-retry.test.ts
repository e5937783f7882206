import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../src/index.js'
import { unavailableRetryDelay } from '../src/core/unavailable-retry.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'
import { FakeServer, router, startInertia, stopInertia } from './helpers/inertia.js'

// `{"type":"error","code":"unavailable"}`: the server's version store failed for a moment. The
// identifier is not refused: it stays awaiting (the tab is not ready) and is asked for again.

const IDENTIFIER = 'Account:PNvAYr'
let cable: FakeCable
let registry: SyncRegistry

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  const server = new FakeServer().route('/accounts', 'Accounts/Index', () => ({ account: {} }))
  server.cursor = 10 // what the page shows: the version the server confirms below
  await startInertia(server, '/accounts')
  cable = createFakeConsumer({ autoReply: false })
  registry = new SyncRegistry({ router: router as unknown as InertiaRouter, consumer: cable })
  registry.setPage(server.render('/accounts') as never)
  registry.subscribe(IDENTIFIER, 'account')
  await cable.settle()
})

afterEach(() => {
  registry.destroy()
  stopInertia()
  vi.useRealTimers()
})

const asks = () => cable.subscribedTo.filter((identifier) => identifier === IDENTIFIER).length

describe('an unavailable reply', () => {
  it('keeps the identifier awaiting, not ready, and asks again with backoff until it is answered', async () => {
    expect(asks()).toBe(1)
    for (const [attempt, wait] of [1000, 2000, 4000, 8000].entries()) {
      cable.replyError(IDENTIFIER, 'unavailable', 'Temporarily unavailable, try again')
      expect(registry.getStatus().identifiers[IDENTIFIER]).toMatchObject({ state: 'pending' })
      expect(registry.getStatus().ready).toBe(false)
      await vi.advanceTimersByTimeAsync(wait - 1)
      expect(asks()).toBe(attempt + 1)
      await vi.advanceTimersByTimeAsync(1)
      expect(asks()).toBe(attempt + 2)
    }

    cable.replySubscribed(IDENTIFIER, 10)
    expect(registry.getStatus().identifiers[IDENTIFIER]).toMatchObject({ state: 'subscribed' })
    expect(registry.getStatus().ready).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asks()).toBe(5) // answered: no more asking
  })

  it('backs off up to 30 s between asks', () => {
    expect([1, 2, 3, 5, 6, 7, 20].map(unavailableRetryDelay)).toEqual([
      1000, 2000, 4000, 16_000, 30_000, 30_000, 30_000,
    ])
  })

  it('stops asking for an identifier the tab no longer wants', async () => {
    cable.replyError(IDENTIFIER, 'unavailable', 'Temporarily unavailable, try again')
    registry.unsubscribe(IDENTIFIER, 'account')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asks()).toBe(1)
  })

  it('leaves no timer behind after destroy()', async () => {
    cable.replyError(IDENTIFIER, 'unavailable', 'Temporarily unavailable, try again')
    registry.destroy()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('forgets its backoff when the registry disconnects: a new subscription is asked once', async () => {
    cable.replyError(IDENTIFIER, 'unavailable', 'Temporarily unavailable, try again')
    registry.disconnect()
    registry.subscribe(IDENTIFIER, 'account') // the app subscribes again
    await cable.settle()
    expect(asks()).toBe(2)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asks()).toBe(2) // no ask left over from before the disconnect
  })

  it('forgets its backoff on a reconnect, which asks for every identifier anew', async () => {
    cable.replyError(IDENTIFIER, 'unavailable', 'Temporarily unavailable, try again')
    cable.disconnect()
    cable.connect()
    await cable.settle()
    expect(asks()).toBe(2) // the reconnect's own ask
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asks()).toBe(2) // not a second one from the backoff of before the drop
    cable.replySubscribed(IDENTIFIER, 10)
    expect(registry.getStatus().ready).toBe(true)
  })

  it('other error codes still fail the identifier, without asking again', async () => {
    cable.replyError(IDENTIFIER, 'unauthorized', 'Unauthorized')
    expect(registry.getStatus().identifiers[IDENTIFIER]).toMatchObject({
      state: 'error',
      code: 'unauthorized',
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(asks()).toBe(1)
  })
})
