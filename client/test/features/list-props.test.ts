import { describe, expect, it } from 'vitest'
import {
  listPropOf,
  listPropWarnings,
  listSafeReload,
  planListReload,
} from '../../src/core/features/list-props.js'
import type { InertiaPage } from '../../src/core/types.js'

const page = (meta: Record<string, unknown>): InertiaPage =>
  ({ component: 'tasks/index', url: '/tasks?page=3', props: {}, ...meta }) as InertiaPage

describe('list props', () => {
  it('reads merge, prepend, deep merge, match_on and scroll metadata by path', () => {
    const p = page({
      mergeProps: ['tasks'],
      prependProps: ['feed'],
      deepMergeProps: ['board'],
      matchPropsOn: ['board.tasks.id'],
      scrollProps: { tasks: { pageName: 'page', currentPage: 3 } },
    })
    expect(listPropOf(p, 'tasks')).toEqual({ merge: 'append', matchOn: [], pageName: 'page' })
    expect(listPropOf(p, 'feed')).toEqual({ merge: 'prepend', matchOn: [] })
    expect(listPropOf(p, 'board')).toEqual({ merge: 'deep', matchOn: ['tasks.id'] })
    expect(listPropOf(p, 'account')).toBeNull()
  })

  it('matches nested merge paths to the synced prop (merge at `results.data`)', () => {
    expect(listPropOf(page({ mergeProps: ['results.data'] }), 'results')?.merge).toBe('append')
    expect(listPropOf(page({ mergeProps: ['results'] }), 'results.data')?.merge).toBe('append')
    expect(listPropOf(page({ mergeProps: ['resultsets'] }), 'results')).toBeNull()
  })

  it('plans: plain props replace, matched lists upsert, other lists need the window', () => {
    expect(planListReload(page({}), 'account').kind).toBe('replace')
    expect(planListReload(page({ mergeProps: ['t'], matchPropsOn: ['t.id'] }), 't').kind).toBe(
      'upsert',
    )
    expect(planListReload(page({ mergeProps: ['t'] }), 't').kind).toBe('window')
    expect(planListReload(null, 't').kind).toBe('replace')
  })

  it('resets the lists a reload would append again, and nothing else', () => {
    const p = page({ mergeProps: ['tasks', 'matched'], matchPropsOn: ['matched.id'] })
    expect(listSafeReload({ only: ['tasks', 'matched', 'account'] }, p)).toEqual({
      only: ['tasks', 'matched', 'account'],
      reset: ['tasks'],
    })
    const plain = { only: ['account'] }
    expect(listSafeReload(plain, p)).toBe(plain)
  })

  it('warns once per list prop', () => {
    const p = page({ mergeProps: ['tasks'] })
    const warned = new Set<string>()
    expect(listPropWarnings(p, ['tasks', 'account'], warned)).toHaveLength(1)
    expect(listPropWarnings(p, ['tasks'], warned)).toHaveLength(0)
  })
})
