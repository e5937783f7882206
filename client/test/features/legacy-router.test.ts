import { describe, expect, it } from 'vitest'
import { ensureVisitId, keepThroughReload } from '../../src/core/features/legacy-router.js'
import type { InertiaPage, InertiaVisit } from '../../src/core/types.js'

const response = (props: Record<string, unknown>): InertiaPage => ({
  component: 'accounts/show',
  url: '/accounts/1',
  props,
})

describe('Inertia 2.x: visits without ids', () => {
  it('gives a visit without an id one of its own, and leaves 3.x ids alone', () => {
    const legacy: InertiaVisit = {}
    expect(ensureVisitId(legacy)).toBe(true)
    expect(legacy.id).toMatch(/^sync-visit-\d+$/)
    const other: InertiaVisit = {}
    ensureVisitId(other)
    expect(other.id).not.toBe(legacy.id)
    const modern: InertiaVisit = { id: 'abc' }
    expect(ensureVisitId(modern)).toBe(false)
    expect(modern.id).toBe('abc')
  })
})

describe('what a sync reload keeps', () => {
  it('keeps the errors the page shows when the response has none (no preserveErrors on 2.x)', () => {
    const page = response({ errors: {}, account: 'fresh' })
    keepThroughReload(() => ({ errors: { name: 'is blank' } }), ['account'])(page)
    expect(page.props.errors).toEqual({ name: 'is blank' })
  })

  it('lets new errors through, and keeps no errors when there were none', () => {
    const page = response({ errors: { name: 'taken' } })
    keepThroughReload(() => ({ errors: { name: 'is blank' } }), ['account'])(page)
    expect(page.props.errors).toEqual({ name: 'taken' })
    const clean = response({ errors: {} })
    keepThroughReload(() => ({ errors: {} }), ['account'])(clean)
    expect(clean.props.errors).toEqual({})
  })

  it('keeps the siblings of a dot-notation reload (2.x replaces the whole top-level prop)', () => {
    const page = response({ account: { members: ['bob'] } })
    const current = { account: { id: 'a', name: 'Acme', members: ['alice'] } }
    keepThroughReload(() => current, ['account.members'])(page)
    expect(page.props.account).toEqual({ id: 'a', name: 'Acme', members: ['bob'] })
  })

  it('changes nothing for a top-level reload', () => {
    const page = response({ account: { members: ['bob'] } })
    keepThroughReload(() => ({ account: { name: 'Acme' } }), ['account'])(page)
    expect(page.props.account).toEqual({ members: ['bob'] })
  })
})
