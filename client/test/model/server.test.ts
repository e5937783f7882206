/**
 * The simulated Rails side answers the user's own requests as inertia_rails and the demo app do
 * after a deploy and after the session ended (README.md, "The simulated Rails side").
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeConsumer } from '../../src/testing/index.js'
import { SimClock } from './clock.js'
import { Prng } from './prng.js'
import {
  SimServer,
  type PostBody,
  type Refusal,
  type RenderedPage,
  type SimRequest,
} from './server.js'

let server: SimServer

beforeEach(() => {
  vi.useFakeTimers()
  server = new SimServer(new SimClock(), createFakeConsumer({ autoReply: false }), new Prng(1))
})
afterEach(() => vi.useRealTimers())

function request(overrides: Partial<SimRequest>): SimRequest {
  return {
    method: 'GET',
    path: '/accounts/a1',
    version: '1',
    hardReload: false,
    only: null,
    except: [],
    partialComponent: null,
    body: null,
    ...overrides,
  }
}

const post = (body: PostBody) => request({ method: 'POST', path: '/touch', body })

async function answer(sent: SimRequest): Promise<RenderedPage | Refusal> {
  let result: RenderedPage | Refusal | null = null
  server.handle(sent, (page) => (result = page), 'ok')
  await vi.runAllTimersAsync()
  if (!result) throw new Error('no answer')
  return result
}

describe('simulated Rails side', () => {
  it('answers every Inertia GET with the old asset version with a 409 to its own URL', async () => {
    server.deploy()
    for (const sent of [
      request({}),
      request({ only: ['accounts'], partialComponent: 'Accounts/Show' }),
      request({ path: '/users' }),
    ]) {
      const refused = (await answer(sent)) as Refusal
      expect(refused.status).toBe(409)
      expect(refused.headers['x-inertia-location']).toMatch(new RegExp(`${sent.path}$`))
      expect(refused.headers['x-inertia-version']).toBe('2')
    }
  })

  it('runs a POST after a deploy and answers its followed redirect with the 409', async () => {
    server.deploy()
    const refused = (await answer(
      post({ ids: ['User:all'], job: null, back: '/users' }),
    )) as Refusal
    expect(refused.status).toBe(409)
    expect(refused.headers['x-inertia-location']).toMatch(/\/users$/)
    expect(server.data.get('User:all')).toBe(1)
  })

  it('loads a new document without a 409', async () => {
    server.deploy()
    const page = (await answer(request({ version: null, hardReload: true }))) as RenderedPage
    expect(page.component).toBe('Accounts/Show')
    expect(page.version).toBe('2')
  })

  it('sends an ended session to the login page, committing nothing, until the user signs in', async () => {
    server.expire()
    const shown = (await answer(
      post({ ids: ['User:all'], job: null, back: '/users' }),
    )) as RenderedPage
    expect(shown.component).toBe('sessions/new')
    expect(server.data.get('User:all')).toBeUndefined()
    const partial = request({ path: '/users', only: ['users'], partialComponent: 'Users/Index' })
    expect(((await answer(partial)) as RenderedPage).component).toBe('sessions/new')
    const signedIn = (await answer(request({ method: 'POST', path: '/session' }))) as RenderedPage
    expect(signedIn.url).toBe('/users')
    expect(Object.keys(signedIn.props)).toContain('users')
    expect(((await answer(request({}))) as RenderedPage).component).toBe('Accounts/Show')
  })

  it('lets an old asset version win over an ended session', async () => {
    server.expire()
    server.deploy()
    expect(((await answer(request({}))) as Refusal).status).toBe(409)
    const load = (await answer(request({ version: null, hardReload: true }))) as RenderedPage
    expect(load.component).toBe('sessions/new')
  })
})
