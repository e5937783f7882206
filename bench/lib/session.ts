/**
 * An HTTP session against the demo as one seeded user: a small cookie jar, the Rails 8 login
 * form, the CSRF token, Inertia page fetches and the account rename every benchmark commits with.
 * Login is rate-limited (10 per 3 minutes per IP): log in once per user and share the cookie.
 */
import type { TabConnection } from './tab-connection.ts'

export interface InertiaPage {
  component: string
  url: string
  version: string | null
  props: Record<string, unknown>
}

export class Session {
  private readonly cookies = new Map<string, string>()
  csrfToken = ''

  constructor(readonly baseURL: string) {}

  /** The Cookie header for this session (also used by WebSocket clients). */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** Shares the login with a session on another server (same secret, same database). */
  withBase(baseURL: string): Session {
    const copy = new Session(baseURL)
    for (const [name, value] of this.cookies) copy.cookies.set(name, value)
    copy.csrfToken = this.csrfToken
    return copy
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('Cookie', this.cookie)
    const response = await fetch(this.baseURL + path, { redirect: 'manual', ...init, headers })
    this.remember(response.headers.getSetCookie())
    return response
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim())
    }
  }

  /** GET an HTML page: remembers its CSRF token and returns its Inertia page object. */
  async visit(path: string): Promise<InertiaPage> {
    const response = await this.request(path)
    const html = await response.text()
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`)
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)
    if (token) this.csrfToken = decodeEntities(token[1]!)
    return parsePage(html)
  }

  async login(email: string, password = 'password'): Promise<this> {
    await this.visit('/session/new')
    const body = new URLSearchParams({
      email_address: email,
      password,
      authenticity_token: this.csrfToken,
    })
    const response = await this.request('/session', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    await response.arrayBuffer()
    if (!this.cookies.has('session_id')) {
      throw new Error(`login as ${email} failed (${response.status}): no session_id cookie`)
    }
    return this
  }

  /**
   * An Inertia partial reload, as `router.reload({ only })` sends it: over `connection` (a tab's
   * own kept-alive connection, as a browser holds one) or, without it, over `fetch`'s pool.
   */
  async partialReload(
    page: InertiaPage,
    only: string[],
    headers: Record<string, string> = {},
    connection?: TabConnection,
  ): Promise<InertiaPage> {
    const all = {
      ...headers,
      Accept: 'text/html, application/xhtml+xml',
      'X-Requested-With': 'XMLHttpRequest',
      'X-Inertia': 'true',
      ...(page.version ? { 'X-Inertia-Version': page.version } : {}),
      'X-Inertia-Partial-Component': page.component,
      'X-Inertia-Partial-Data': only.join(','),
    }
    if (connection) {
      const reply = await connection.get(this.baseURL + page.url, { ...all, Cookie: this.cookie })
      this.remember(reply.setCookies)
      if (reply.status !== 200) throw new Error(`partial reload ${page.url}: ${reply.status}`)
      return JSON.parse(reply.body) as InertiaPage
    }
    const response = await this.request(page.url, { headers: all })
    if (response.status !== 200) throw new Error(`partial reload ${page.url}: ${response.status}`)
    return (await response.json()) as InertiaPage
  }

  /** Renames an account the way the demo's form does (a JSON PATCH); resolves on the response. */
  async renameAccount(id: string, name: string): Promise<void> {
    const response = await this.request(`/accounts/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ account: { name } }),
      headers: {
        'Content-Type': 'application/json',
        Accept: 'text/html, application/xhtml+xml',
        'X-CSRF-Token': this.csrfToken,
      },
    })
    await response.arrayBuffer()
    if (response.status !== 302 && response.status !== 303) {
      throw new Error(`PATCH /accounts/${id}: ${response.status}`)
    }
    const location = response.headers.get('location') ?? ''
    if (!location.includes(id)) throw new Error(`PATCH /accounts/${id} redirected to ${location}`)
  }
}

/** The Inertia page object embedded in the HTML (attribute or script tag, depending on version). */
export function parsePage(html: string): InertiaPage {
  const script = /<script[^>]*data-page="app"[^>]*>([\s\S]*?)<\/script>/.exec(html)
  if (script) return JSON.parse(script[1]!) as InertiaPage
  const attribute = /data-page="([^"]*)"/.exec(html)
  if (attribute) return JSON.parse(decodeEntities(attribute[1]!)) as InertiaPage
  throw new Error('no Inertia page object in the HTML')
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&')
}
