import { describe, expect, it, vi } from 'vitest'
import { invalidatePrefetched, prefetchTagsFor } from '../../src/core/features/prefetch.js'

describe('prefetch invalidation', () => {
  it('names the identifier and, for a collection, its record', () => {
    expect(prefetchTagsFor('Account:PNvAYr')).toEqual(['Account:PNvAYr'])
    expect(prefetchTagsFor('Account:PNvAYr/account_users')).toEqual([
      'Account:PNvAYr/account_users',
      'Account:PNvAYr',
    ])
  })

  it('flushes by tags by default, everything with `all`, nothing with `off`', () => {
    const router = { flushAll: vi.fn(), flushByCacheTags: vi.fn() }
    expect(invalidatePrefetched(router, 'Account:a/account_users', 'tags')).toBe('tags')
    expect(router.flushByCacheTags).toHaveBeenCalledWith(['Account:a/account_users', 'Account:a'])
    expect(invalidatePrefetched(router, 'Account:a', 'all')).toBe('all')
    expect(router.flushAll).toHaveBeenCalledTimes(1)
    expect(invalidatePrefetched(router, 'Account:a', 'off')).toBe('none')
    expect(router.flushByCacheTags).toHaveBeenCalledTimes(1)
  })

  it('falls back to flushing everything on a router without tags', () => {
    const router = { flushAll: vi.fn() }
    expect(invalidatePrefetched(router, 'Account:a', 'tags')).toBe('all')
    expect(invalidatePrefetched({}, 'Account:a', 'tags')).toBe('none')
  })
})
