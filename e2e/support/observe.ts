import type { Page, Request } from '@playwright/test'

export interface PartialReload {
  url: string
  props: string[]
  at: number
}

/**
 * Records the Inertia partial reloads a tab makes (requests carrying
 * X-Inertia-Partial-Data), straight from the network: independent of what
 * the client says about itself.
 */
export function recordPartialReloads(page: Page): PartialReload[] {
  const reloads: PartialReload[] = []
  page.on('request', (request: Request) => {
    const only = request.headers()['x-inertia-partial-data']
    if (only !== undefined)
      reloads.push({ url: request.url(), props: only.split(','), at: Date.now() })
  })
  return reloads
}

/** Every WebSocket frame a tab receives and sends, as text. */
export function recordCableFrames(page: Page): { received: string[]; sent: string[] } {
  const frames = { received: [] as string[], sent: [] as string[] }
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => frames.received.push(String(frame.payload)))
    socket.on('framesent', (frame) => frames.sent.push(String(frame.payload)))
  })
  return frames
}

/** The obfuscated id of an account, read from the aside's links. */
export async function accountId(page: Page, name: string): Promise<string> {
  const href = await page
    .locator('[data-test="account-link"]', { hasText: name })
    .first()
    .getAttribute('href')
  const id = href && new URL(href, 'http://x').searchParams.get('account')
  if (!id) throw new Error(`No account link for ${name}`)
  return id
}

/** Pretends the tab went to the background, or came back (headless tabs are always "visible"). */
export async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((visibility) => {
    Object.defineProperty(document, 'visibilityState', { value: visibility, configurable: true })
    Object.defineProperty(document, 'hidden', {
      value: visibility === 'hidden',
      configurable: true,
    })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
