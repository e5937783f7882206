/**
 * Seen in a browser: edits made through the form in tab A (real Chromium); the moment tab B's
 * h1 shows each new name, recorded in the page by a MutationObserver. Tab B runs sync
 * (`/accounts/<id>`), tab C polls at 1 s (`/accounts/<id>?poll=1000`): both watch the same edits.
 * Beside them, a naive debounce client (300 ms trailing debounce) in a Node tab over a real
 * WebSocket, stamped when its reload response lands (no render: a browser would add a frame).
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { chromiumLaunchOptions } from '../../e2e/support/chromium.ts'
import { CableClient } from '../lib/cable-client.ts'
import { NaiveRegistry } from '../lib/naive-registry.ts'
import type { Session } from '../lib/session.ts'
import { Tab } from '../lib/tab.ts'
import { sleep, summarize, type Summary } from '../lib/stats.ts'

/** Debian's Chromium with the same flags as the browser tests (e2e/support/chromium.ts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}

export interface BrowserOptions {
  session: Session
  account: string
  edits: number
  pollMs: number
  deadlineMs: number
}

export interface BrowserResult {
  edits: number
  sync: Summary
  polling: Summary
  /** A naive debounce client (Node tab), same edits. */
  naive: Summary
  /** Form submit → the save's own response shown in tab A (the writer's round trip). */
  writer: Summary
  lost: number
  errors: string[]
}

// A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a
// `__name` helper that does not exist in the page.
const OBSERVE = `(() => {
  window.__seen = {}
  const record = () => {
    const text = document.querySelector('h1')?.textContent?.trim()
    if (text && !(text in window.__seen)) window.__seen[text] = Date.now()
  }
  record()
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true })
})()`

const SUBMIT_CLOCK = `document.addEventListener('submit', () => { window.__submitAt = Date.now() }, true)`

export async function seenInBrowser(options: BrowserOptions): Promise<BrowserResult> {
  const { session, account } = options
  const browser = await launchChromium()
  const errors: string[] = []
  const sync: number[] = []
  const polling: number[] = []
  const naive: number[] = []
  const writer: number[] = []
  let lost = 0
  const naiveTab = await Tab.open(session, `/accounts/${account}`)
  const naiveRegistry = new NaiveRegistry(
    await new CableClient(
      session.baseURL.replace(/^http/, 'ws') + '/cable',
      session.cookie,
      session.baseURL,
    ).connect(),
    naiveTab,
  )
  await naiveRegistry.subscribe(`Account:${account}`, 'account')
  await naiveRegistry.subscribe(`Account:${account}/account_users`, 'account')
  try {
    const context = await browser.newContext({ baseURL: session.baseURL })
    const url = new URL(session.baseURL)
    await context.addCookies(
      session.cookie.split('; ').map((pair) => {
        const eq = pair.indexOf('=')
        return {
          name: pair.slice(0, eq),
          value: pair.slice(eq + 1),
          domain: url.hostname,
          path: '/',
        }
      }),
    )
    const open = async (path: string): Promise<Page> => {
      const page = await context.newPage()
      page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`))
      await page.goto(path)
      return page
    }
    const tabA = await open(`/accounts?account=${account}`)
    const tabB = await open(`/accounts/${account}`)
    const tabC = await open(`/accounts/${account}?poll=${options.pollMs}`)
    for (const tab of [tabA, tabB]) {
      await tab.waitForSelector('html[data-sync-ready="true"]', {
        state: 'attached',
        timeout: 15_000,
      })
    }
    for (const tab of [tabA, tabB, tabC]) await tab.evaluate(OBSERVE)
    // t0: the form's submit event in tab A (Playwright's own click overhead is not the app's).
    await tabA.evaluate(SUBMIT_CLOCK)
    // The tab being clicked must be the front one: Playwright's clicks stall ~2 s in the others.
    await tabA.bringToFront()
    for (const tab of [tabB, tabC]) {
      const state = await tab.evaluate('document.visibilityState')
      if (state !== 'visible') errors.push(`${tab.url()} is ${state}: sync would pause`)
    }

    const deadline = Date.now() + options.deadlineMs
    // One warm-up edit (first form render, first PATCH, first reload in each tab), not counted.
    for (let i = -1; i < options.edits && Date.now() < deadline; i++) {
      const name = `Acme seen ${i} ${Math.random().toString(36).slice(2, 7)}`
      await tabA.click('[data-test="edit-account"]')
      await tabA.fill('form.edit input[name="name"]', name)
      await tabA.click('form.edit button[type="submit"]')
      const t0 = Number(await tabA.evaluate('window.__submitAt'))
      const seen = async (tab: Page, samples: number[]) => {
        const into = i < 0 ? [] : samples
        try {
          await tab.waitForFunction(
            (n) => n in (window as unknown as { __seen: Record<string, number> }).__seen,
            name,
            { timeout: 10_000 },
          )
          const at = await tab.evaluate(
            (n) => (window as unknown as { __seen: Record<string, number> }).__seen[n]!,
            name,
          )
          into.push(at - t0)
        } catch {
          lost++
        }
      }
      const seenNaive = async () => {
        const until = Date.now() + 10_000
        while (Date.now() < until) {
          const shown = naiveTab.shown.find((s) => s.name === name)
          if (shown) return void (i < 0 ? [] : naive).push(shown.wall - t0)
          await sleep(5)
        }
        lost++
      }
      await Promise.all([seen(tabB, sync), seen(tabC, polling), seen(tabA, writer), seenNaive()])
      await tabA.waitForSelector('[data-test="edit-account"]', { timeout: 10_000 })
      await sleep(200 + Math.random() * 300) // decorrelate from the polling phase
    }
  } finally {
    naiveRegistry.disconnect()
    await browser.close()
  }
  return {
    edits: sync.length,
    sync: summarize(sync),
    polling: summarize(polling),
    naive: summarize(naive),
    writer: summarize(writer),
    lost,
    errors,
  }
}
