import { describe, expect, it } from 'vitest'
import { listPropOf } from '../../src/core/features/list-props.js'
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
})
