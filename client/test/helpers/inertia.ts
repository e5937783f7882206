/**
 * Drives the REAL @inertiajs/core router in jsdom. Only the lowest HTTP layer is faked: the
 * router's default client (XhrHttpClient) talks to this fake XMLHttpRequest, and a tiny fake
 * Inertia server answers with JSON page responses (`X-Inertia: true`), honouring partial reloads.
 */
import { router } from '@inertiajs/core'
import { vi } from 'vitest'

export interface PageJson {
  component: string
  url: string
  version: string | null
  props: Record<string, unknown>
}

export class FakeXHR {
  static requests: FakeXHR[] = []
  method = ''
  url = ''
  requestHeaders: Record<string, string> = {}
  body: unknown = null
  status = 0
  responseText = ''
  responseHeaders: Record<string, string> = {}
  // The rest of the XMLHttpRequest surface axios (Inertia 2.x's client) uses.
  upload = { onprogress: null as unknown, addEventListener() {}, removeEventListener() {} }
  readyState = 1
  onloadend: (() => void) | null = null
  addEventListener() {}
  removeEventListener() {}
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  done = false
  aborted = false

  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.requestHeaders[name.toLowerCase()] = value
  }
  send(body: unknown) {
    this.body = body
    FakeXHR.requests.push(this)
  }
  abort() {
    if (this.done) return
    this.done = true
    this.aborted = true
    this.onabort?.()
  }
  getAllResponseHeaders() {
    return Object.entries(this.responseHeaders)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')
  }
  respond(status: number, headers: Record<string, string>, body: string) {
    if (this.done) throw new Error('request already finished')
    this.done = true
    this.status = status
    this.responseHeaders = headers
    this.responseText = body
    this.readyState = 4
    this.onload?.()
    this.onloadend?.()
  }

  /** The network fails (connection reset, offline). */
  fail() {
    if (this.done) throw new Error('request already finished')
    this.done = true
    this.onerror?.()
  }

  get path() {
    return new URL(this.url, 'http://localhost').pathname
  }
  /** Props asked for by a partial reload, or null for a full visit. */
  get only(): string[] | null {
    const header = this.requestHeaders['x-inertia-partial-data']
    return header ? header.split(',') : null
  }
  get isSyncReload() {
    return this.requestHeaders['cache-control'] === 'no-cache' && this.only !== null
  }
}

/** A fake Rails app: pages whose props are computed when a request is answered. */
export class FakeServer {
  cursor = 0
  pages = new Map<string, { component: string; props: () => Record<string, unknown> }>()
  errors: Record<string, string> = {}

  route(path: string, component: string, props: () => Record<string, unknown>) {
    this.pages.set(path, { component, props })
    return this
  }

  render(path: string, only: string[] | null = null): PageJson {
    const route = this.pages.get(path)
    if (!route) throw new Error(`no route ${path}`)
    const all = route.props()
    const props: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(all)) {
      if (only === null || only.includes(key)) props[key] = value
    }
    // dot notation: `account.members` sends only that part of `account`
    for (const path of only ?? []) {
      const [top, ...rest] = path.split('.')
      if (rest.length === 0 || !top) continue
      let source: unknown = all[top]
      for (const key of rest) source = (source as Record<string, unknown> | undefined)?.[key]
      let target = (props[top] ??= {}) as Record<string, unknown>
      for (const key of rest.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>
      target[rest.at(-1)!] = source
    }
    props.errors = this.errors
    props.inertia_sync = { cursor: this.cursor, debounceMs: 300, maxWaitMs: 1000, enabled: true }
    return { component: route.component, url: path, version: '1', props }
  }

  /** Answers a request with the app's state at this moment. */
  respond(xhr: FakeXHR) {
    xhr.respond(200, INERTIA_HEADERS, this.body(xhr))
  }

  /** The response body the app would send for `xhr` at this moment. */
  body(xhr: FakeXHR): string {
    const path = xhr.method === 'GET' ? xhr.path : (this.redirects.get(xhr.path) ?? xhr.path)
    return JSON.stringify(this.render(path, xhr.only))
  }

  /** Where non-GET requests to a path redirect (Inertia follows it; here we render it directly). */
  redirects = new Map<string, string>()
}

export const INERTIA_HEADERS = { 'x-inertia': 'true', 'content-type': 'application/json' }

export const pending = () => FakeXHR.requests.filter((r) => !r.done)
export const syncReloads = () => FakeXHR.requests.filter((r) => r.isSyncReload)
/** Inertia's error modal: a dialog on 3.x, an iframe in a fixed div on 2.x. */
export const errorModal = () =>
  document.getElementById('inertia-error-dialog') ?? document.querySelector('body > div > iframe')

export const fullVisits = () => FakeXHR.requests.filter((r) => r.only === null)

/** For `ms` of fake time, answers every open request as the server would at that moment. */
export async function drain(server: FakeServer, ms = 30_000) {
  for (let elapsed = 0; elapsed <= ms; elapsed += 250) {
    for (const xhr of pending()) server.respond(xhr)
    await settle()
    await vi.advanceTimersByTimeAsync(250)
  }
}

/** Runs microtasks and zero-delay timers until Inertia's promise chains have settled. */
export async function settle(rounds = 10) {
  for (let i = 0; i < rounds; i++) await vi.advanceTimersByTimeAsync(0)
}

let installed = false

/** Installs the fake XHR and (re)initialises the real router on `path`. */
export async function startInertia(server: FakeServer, path: string): Promise<PageJson> {
  if (!installed) {
    vi.stubGlobal('XMLHttpRequest', FakeXHR)
    installed = true
  }
  FakeXHR.requests = []
  window.history.replaceState(null, '', path)
  const initialPage = server.render(path)
  router.init({
    initialPage: initialPage as never,
    resolveComponent: (name: string) => ({ name }),
    swapComponent: async () => {},
  })
  await settle()
  return initialPage
}

export function stopInertia() {
  router.cancelAll()
  for (const xhr of pending()) xhr.abort()
}

export { router }
