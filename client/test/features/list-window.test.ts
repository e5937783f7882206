import { describe, expect, it } from 'vitest'
import { ListWindows, MAX_WINDOW } from '../../src/core/features/list-window.js'
import type { InertiaPage, InertiaVisit } from '../../src/core/types.js'

// What the tracker sees of "load more" and InfiniteScroll: visits starting, pages they bring.

const list = (extra: Record<string, unknown> = {}): InertiaPage =>
  ({
    component: 'tasks/more',
    url: '/tasks',
    props: { tasks: [], account: {} },
    mergeProps: ['tasks'],
    ...extra,
  }) as InertiaPage

const response = (only: string[] = []) => ({
  kind: 'response' as const,
  scope: { only, except: [], skipped: [] },
})

let ids = 0
function visit(windows: ListWindows, url: string, extra: Partial<InertiaVisit> = {}): string {
  const id = `v${++ids}`
  windows.started({ id, url: new URL(url, 'http://app.test'), method: 'get', ...extra })
  return id
}

describe('list windows', () => {
  it('a first page is a window of one; each merged page adds its request', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    expect(windows.of('tasks', list())).toEqual([{ url: '/tasks', headers: {} }])
    for (const n of [2, 3]) {
      const id = visit(windows, `/tasks?page=${n}`, { only: ['tasks'] })
      windows.shown(list({ url: `/tasks?page=${n}` }), response(['tasks']), id)
    }
    expect(windows.of('tasks', list())).toEqual([
      { url: '/tasks', headers: {} },
      { url: 'http://app.test/tasks?page=2', headers: {} },
      { url: 'http://app.test/tasks?page=3', headers: {} },
    ])
    expect(windows.of('account', list())).toBeUndefined()
  })

  it('counts a response once, though the router reports its page twice (navigate, success)', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const id = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list(), response(['tasks']), id)
    windows.shown(list(), response(['tasks']), id)
    expect(windows.of('tasks', null)).toHaveLength(2)
  })

  it('a page first reported without metadata (by an adapter), then by the router, is rendered whole', () => {
    const windows = new ListWindows()
    windows.shown(
      { component: 'tasks/more', url: '/tasks', props: { tasks: [] } },
      { kind: 'first' },
      undefined,
    )
    windows.shown(list(), { kind: 'observed' }, undefined)
    expect(windows.of('tasks', null)).toEqual([{ url: '/tasks', headers: {} }])
    const id = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list(), response(['tasks']), id)
    windows.shown(list(), { kind: 'observed' }, undefined)
    expect(windows.of('tasks', null)).toHaveLength(2)
  })

  it('keeps the visit headers (InfiniteScroll merge intent) to send them again', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const headers = { 'X-Inertia-Infinite-Scroll-Merge-Intent': 'prepend' }
    const id = visit(windows, '/tasks?page=1', { only: ['tasks'], headers })
    windows.shown(list(), response(['tasks']), id)
    expect((windows.of('tasks', null) as Array<{ headers: unknown }>)[1]?.headers).toEqual(headers)
  })

  it('a full visit, a reset or a response without merge metadata starts the window again', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const more = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list(), response(['tasks']), more)
    const reset = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list({ mergeProps: [], scrollProps: { tasks: {} } }), response(['tasks']), reset)
    expect(windows.of('tasks', null)).toEqual([
      { url: 'http://app.test/tasks?page=2', headers: {} },
    ])
    const full = visit(windows, '/tasks')
    windows.shown(list({ url: '/tasks?sort=new' }), response(), full)
    expect(windows.of('tasks', null)).toEqual([{ url: '/tasks?sort=new', headers: {} }])
  })

  it('a response that did not refresh the list leaves its window alone', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const more = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list(), response(['tasks']), more)
    const other = visit(windows, '/tasks?page=2', { only: ['account'] })
    windows.shown(list({ mergeProps: [] }), response(['account']), other)
    expect(windows.of('tasks', null)).toHaveLength(2)
  })

  it("a window reload's own (composed) response leaves the window as it was", () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const own = visit(windows, '/tasks', { only: ['tasks'] })
    windows.shown(list(), response(['tasks']), own, true)
    expect(windows.of('tasks', null)).toHaveLength(1)
  })

  it('restored from history, or merged by a visit it did not see start: unknown', () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    windows.shown(list(), response(['tasks']), 'never-started')
    expect(windows.of('tasks', null)).toBe('unknown')
    const restored = new ListWindows()
    restored.shown(list({ url: '/other' }), { kind: 'first' }, undefined)
    restored.shown(list(), { kind: 'restored' }, undefined)
    expect(restored.of('tasks', null)).toBe('unknown')
  })

  it("Inertia 2.x: a visit's page reported without the visit, then at its finish, keeps the window", () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    const more = visit(windows, '/tasks?page=2', { only: ['tasks'] })
    windows.shown(list({ url: '/tasks?page=2' }), { kind: 'restored' }, undefined)
    windows.shown(list({ url: '/tasks?page=2' }), { kind: 'observed' }, undefined)
    windows.shown(list({ url: '/tasks?page=2' }), response(['tasks']), more)
    expect(windows.of('tasks', null)).toHaveLength(2)
  })

  it(`is bounded: beyond ${MAX_WINDOW} requests the window overflows`, () => {
    const windows = new ListWindows()
    windows.shown(list(), { kind: 'first' }, undefined)
    for (let n = 2; n <= MAX_WINDOW + 1; n++) {
      const id = visit(windows, `/tasks?page=${n}`, { only: ['tasks'] })
      windows.shown(list(), response(['tasks']), id)
    }
    expect(windows.of('tasks', null)).toBe('overflow')
  })

  it('a page it has not seen is taken as rendered whole; another page forgets the windows', () => {
    const windows = new ListWindows()
    expect(windows.of('tasks', list())).toEqual([{ url: '/tasks', headers: {} }])
    expect(windows.of('tasks', list({ component: 'tasks/board', url: '/board' }))).toEqual([
      { url: '/board', headers: {} },
    ])
  })
})
