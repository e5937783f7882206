import { render } from '@testing-library/svelte'
import { flushSync } from 'svelte'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../src/index.js'
import { buildIdentifier, syncStatus, syncWithRails } from '../src/svelte/index.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'
import AccountsPage from './fixtures/AccountsPage.svelte'

let cable: FakeCable
let registry: SyncRegistry
let reload: ReturnType<typeof vi.fn<InertiaRouter['reload']>>

beforeEach(() => {
  cable = createFakeConsumer()
  reload = vi.fn<InertiaRouter['reload']>()
  registry = new SyncRegistry({ consumer: cable, router: { reload, on: () => () => {} } })
})
afterEach(() => registry.destroy())

describe('Svelte adapter', () => {
  it('follows reactive identifiers: switching the selection moves the subscriptions', async () => {
    let selected = $state<string | null>('A1xxxx')
    const cleanup = $effect.root(() => {
      syncWithRails(
        () => ({
          'Account:all': 'accounts',
          [buildIdentifier('Account', selected) as string]: 'selected_account',
          [buildIdentifier('Account', selected, 'account_users') as string]: 'selected_account',
        }),
        { registry },
      )
    })
    flushSync()
    await cable.settle()
    expect(cable.subscribedTo).toEqual([
      'Account:all',
      'Account:A1xxxx',
      'Account:A1xxxx/account_users',
    ])

    selected = 'B2yyyy'
    flushSync()
    await cable.settle()
    expect(cable.subscribedTo.slice(3)).toEqual(['Account:B2yyyy', 'Account:B2yyyy/account_users'])
    // Account:all stayed subscribed: the effect re-ran without churn on the wire
    expect(cable.unsubscribedFrom).toEqual(['Account:A1xxxx', 'Account:A1xxxx/account_users'])

    selected = null // no selection: buildIdentifier gives null, and the key is skipped
    flushSync()
    await cable.settle()
    expect(Object.keys(registry.getStatus().identifiers)).toEqual(['Account:all'])

    cleanup()
    await cable.settle()
    expect(registry.getStatus().total).toBe(0)
    expect(cable.unsubscribedFrom).toContain('Account:all')
  })

  it('keeps pending work of an identifier that survives a re-run', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let selected = $state('A1xxxx')
      const cleanup = $effect.root(() => {
        syncWithRails(
          () => ({ 'Account:all': 'accounts', [`Account:${selected}`]: 'selected_account' }),
          { registry },
        )
      })
      flushSync()
      await cable.settle()
      cable.deliver({ identifier: 'Account:all', version: 5 })
      selected = 'B2yyyy'
      flushSync()
      await vi.advanceTimersByTimeAsync(300)
      expect(reload).toHaveBeenCalledTimes(1)
      expect(reload.mock.calls[0]![0].only).toEqual(['accounts'])
      cleanup()
    } finally {
      vi.useRealTimers()
    }
  })

  it('mounts a component written as in the spec, and cleans up on destroy', async () => {
    const { getByTestId, unmount } = render(AccountsPage, {
      props: { accounts: ['a', 'b'], selected_account: { id: 'PNvAYr' }, registry },
    })
    flushSync()
    await cable.settle()
    flushSync()
    expect(cable.subscribedTo).toEqual([
      'Account:all',
      'Account:PNvAYr',
      'Account:PNvAYr/account_users',
    ])
    expect(getByTestId('connection').textContent).toBe('connected')
    cable.disconnect()
    flushSync()
    expect(getByTestId('connection').textContent).toBe('disconnected')
    unmount()
    await cable.settle()
    expect(registry.getStatus().total).toBe(0)
  })

  it('skips a mapping built from a missing id (and only that)', async () => {
    const cleanup = $effect.root(() => {
      syncWithRails(
        {
          [buildIdentifier('Account', null) as unknown as string]: 'account',
          'Account:nullify9': 'other',
        },
        { registry },
      )
    })
    flushSync()
    await cable.settle()
    expect(cable.subscribedTo).toEqual(['Account:nullify9'])
    cleanup()
  })

  it('gives a reactive status', async () => {
    const status = syncStatus(registry)
    const seen: string[] = []
    const cleanup = $effect.root(() => {
      $effect(() => {
        seen.push(`${status.connection}:${status.ready}`)
      })
    })
    flushSync()
    registry.subscribe('Account:all', 'accounts')
    flushSync()
    await cable.settle()
    flushSync()
    expect(seen[0]).toBe('idle:false')
    expect(seen.at(-1)).toBe('connected:true')
    cleanup()
  })

  it('defaults to the router of @inertiajs/svelte', async () => {
    const bare = new SyncRegistry({ consumer: cable })
    const cleanup = $effect.root(() =>
      syncWithRails({ 'Account:all': 'accounts' }, { registry: bare }),
    )
    flushSync()
    expect(bare.hasRouter).toBe(true)
    cleanup()
    bare.destroy()
  })
})
