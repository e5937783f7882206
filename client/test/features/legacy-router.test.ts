import { describe, expect, it } from 'vitest'
import {
  LegacyPageCredit,
  ensureVisitId,
  keepThroughReload,
  legacyFailure,
} from '../../src/core/features/legacy-router.js'
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

describe('Inertia 2.x: crediting a page to the visit that showed it', () => {
  it('credits a visit with a page shown since it started', () => {
    const credit = new LegacyPageCredit()
    credit.started({ id: 'a', only: ['account'] })
    credit.pageUpdated()
    expect(credit.finished('a')).toBe(true)
    expect(credit.finished('a')).toBe(false) // forgotten
  })

  it('credits a failed visit with no page another visit showed before its finish', () => {
    const credit = new LegacyPageCredit()
    credit.started({ id: 'failing', only: ['account', 'users'] })
    credit.started({ id: 'other', only: ['accounts'] })
    credit.pageUpdated() // the other visit's response
    credit.failed('account,users')
    expect(credit.finished('failing')).toBe(false)
    expect(credit.finished('other')).toBe(true)
  })

  it('tells a failed full visit (no partial data) from a failed partial one', () => {
    const credit = new LegacyPageCredit()
    credit.started({ id: 'full' })
    credit.started({ id: 'partial', only: ['account'] })
    credit.pageUpdated()
    credit.failed('')
    expect(credit.finished('full')).toBe(false)
    expect(credit.finished('partial')).toBe(true)
  })

  it('reads what a failed request asked for from its headers', () => {
    const headers = (h: Record<string, unknown>) => ({
      response: { status: 500, config: { headers: h } },
    })
    expect(legacyFailure(headers({ 'X-Inertia-Partial-Data': 'a,b' }))).toEqual({
      partialData: 'a,b',
      status: 500,
    })
    expect(legacyFailure(headers({ 'X-Inertia': true }))).toEqual({ partialData: '', status: 500 })
    expect(legacyFailure({})).toBeNull()
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
