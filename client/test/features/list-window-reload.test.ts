import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../../src/index.js'
import { createFakeConsumer, type FakeCable } from '../../src/testing/index.js'
import {
  FakeServer,
  type FakeXHR,
  INERTIA_HEADERS,
  type PageJson,
  pending,
  router,
  settle,
  startInertia,
  stopInertia,
} from '../helpers/inertia.js'

// A "load more" list (`InertiaRails.merge`) on the real Inertia router (3.x, and 2.3 with
// `npm run test:v2`): a sync reload refetches every loaded page and shows their composition.

const TASKS = 'Account:A1xxxx/tasks'

/** Ten tasks a page, `mergeProps: ['tasks']` as inertia_rails renders a merge prop. */
class ListServer extends FakeServer {
  titles = Array.from({ length: 25 }, (_, i) => `Task ${i + 1}`)

  page(url: string, only: string[] | null): PageJson & { mergeProps: string[] } {
    const page = Number(new URL(url, 'http://localhost').searchParams.get('page') ?? 1)
    const tasks = this.titles
      .slice((page - 1) * 10, page * 10)
      .map((title) => ({ id: title, title }))
    const props: Record<string, unknown> = { tasks, errors: {} }
    if (only === null) props.account = { name: 'Acme' }
    props.inertia_sync = { cursor: this.cursor, enabled: true }
    return { component: 'Tasks/More', url, version: '1', props, mergeProps: ['tasks'] }
  }
  override render(path: string, only: string[] | null = null): PageJson {
    return this.page(path, only)
  }
  override body(xhr: FakeXHR): string {
    return JSON.stringify(
      this.page(
        new URL(xhr.url, 'http://localhost').pathname + new URL(xhr.url, 'http://localhost').search,
        xhr.only,
      ),
    )
  }
}

let server: ListServer
let cable: FakeCable
let registry: SyncRegistry
const fetched: string[] = []

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  server = new ListServer()
  server.cursor = 10
  fetched.length = 0
  // The window's own requests (fetch), answered by the same fake app.
  vi.stubGlobal('fetch', async (url: string, init: { headers: Record<string, string> }) => {
    fetched.push(url)
    const only = init.headers['X-Inertia-Partial-Data']?.split(',') ?? null
    const body = JSON.stringify(server.page(url, only))
    return new Response(body, { status: 200, headers: INERTIA_HEADERS })
  })
  await startInertia(server, '/tasks')
  cable = createFakeConsumer({ versions: { [TASKS]: 10 } })
  registry = new SyncRegistry({ consumer: cable, router: router as unknown as InertiaRouter })
  registry.setPage(server.render('/tasks'))
  registry.subscribe(TASKS, 'tasks')
  await cable.settle()
})

afterEach(() => {
  registry.destroy()
  stopInertia()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

async function answerAll(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    for (const xhr of pending()) server.respond(xhr)
    await settle()
    await vi.advanceTimersByTimeAsync(50)
  }
}

let lastPage: { props: { tasks: Array<{ title: string }> } } | undefined
for (const name of ['success', 'navigate'] as const) {
  router.on(name, (event: { detail: { page?: unknown } }) => {
    if (event.detail.page) lastPage = event.detail.page as typeof lastPage
  })
}
const shown = () => lastPage!
const titles = () => shown().props.tasks.map((task) => task.title)

describe('a sync reload of a merged list', () => {
  it('refetches every loaded page and shows them composed: the change, no page twice', async () => {
    router.visit('/tasks?page=2', { only: ['tasks'], preserveState: true, preserveScroll: true })
    await answerAll()
    expect(titles()).toHaveLength(20)

    server.titles[0] = 'Task 1 renamed'
    server.titles[14] = 'Task 15 renamed'
    cable.deliver({ identifier: TASKS, action: 'update', timestamp: 0, version: ++server.cursor })
    await answerAll()

    expect(
      fetched
        .map((url) => new URL(url, window.location.href))
        .map((url) => url.pathname + url.search),
    ).toEqual(['/tasks', '/tasks?page=2'])
    expect(titles()).toHaveLength(20)
    expect(new Set(titles()).size).toBe(20)
    expect(titles()[0]).toBe('Task 1 renamed')
    expect(titles()[14]).toBe('Task 15 renamed')
    expect(registry.getStatus().pending).toEqual([])
  })
})
