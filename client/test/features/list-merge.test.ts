import { describe, expect, it } from 'vitest'
import { composeWindow, mergeResponse } from '../../src/core/features/list-merge.js'

const task = (n: number, title = `Task ${n}`) => ({ id: n, title })
const page = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => task(from + i))

describe('composing a window as Inertia merges', () => {
  it('appends each page once: the first replaces, later ones append', () => {
    const meta = { mergeProps: ['tasks'] }
    const value = composeWindow('tasks', [
      { props: { tasks: page(1, 3) }, ...meta },
      { props: { tasks: page(4, 6) }, ...meta },
      { props: { tasks: page(7, 8) }, ...meta },
    ])
    expect(value).toEqual(page(1, 8))
  })

  it('prepends a previous page (InfiniteScroll loading upwards)', () => {
    const value = composeWindow('tasks', [
      { props: { tasks: page(4, 6) }, mergeProps: ['tasks'] },
      { props: { tasks: page(1, 3) }, prependProps: ['tasks'] },
    ])
    expect(value).toEqual(page(1, 6))
  })

  it('deep merges an object, its arrays appended, its scalars replaced', () => {
    const value = composeWindow('board', [
      { props: { board: { tasks: page(1, 2), page: 1, next_page: 2 } }, deepMergeProps: ['board'] },
      {
        props: { board: { tasks: page(3, 4), page: 2, next_page: null } },
        deepMergeProps: ['board'],
      },
    ])
    expect(value).toEqual({ tasks: page(1, 4), page: 2, next_page: null })
  })

  it('matches items on match_on: a fresh page updates its items in place, no duplicates', () => {
    const meta = { deepMergeProps: ['board'], matchPropsOn: ['board.tasks.id'] }
    const value = composeWindow('board', [
      { props: { board: { tasks: [task(1), task(2, 'Renamed')] } }, ...meta },
      { props: { board: { tasks: [task(2, 'Renamed'), task(3)] } }, ...meta },
    ])
    expect(value).toEqual({ tasks: [task(1), task(2, 'Renamed'), task(3)] })
  })

  it('merges at a nested path (`results.data`) and leaves the rest replaced', () => {
    const value = composeWindow('results', [
      { props: { results: { data: [1, 2], total: 4 } }, mergeProps: ['results.data'] },
      { props: { results: { data: [3, 4], total: 4 } }, mergeProps: ['results.data'] },
    ])
    expect(value).toEqual({ data: [1, 2, 3, 4], total: 4 })
  })

  it('touches only the composed prop, and never mutates the responses', () => {
    const second = { props: { tasks: [task(2)], other: [9] }, mergeProps: ['tasks', 'other'] }
    const merged = mergeResponse({ tasks: [task(1)], other: [8] }, second, 'tasks')
    expect(merged).toEqual({ tasks: [task(1), task(2)], other: [9] })
    expect(second.props.tasks).toEqual([task(2)])
  })
})
