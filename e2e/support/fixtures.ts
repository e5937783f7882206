import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CableLog } from './cable-log'
import { cpuThrottleRate, throttleEveryContext } from './cpu-throttle'
import { RailsServer, repoRoot } from './rails-server'
import { User, type SignIn } from './user'

export const PASSWORD = 'password'
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts')

export interface Tab {
  page: Page
  context: BrowserContext
}

interface WorkerFixtures {
  /** The CPU slowdown of every tab (`E2E_CPU_THROTTLE`, 1 = none); see support/cpu-throttle.ts. */
  cpuThrottle: number
}

interface Fixtures {
  /** A Rails server of its own for this test, with a freshly seeded database. */
  app: RailsServer
  /** Opens a signed-in tab; tabs of one user share cookies (one browser context per user). */
  signIn: SignIn
  /** alice@example.com (member of Acme and Globex), her first tab on /accounts. */
  alice: User
  /** bob@example.com (member of Initech), his first tab on /accounts. */
  bob: User
  /** The obfuscated id of Acme (45 tasks), read from alice's first tab. */
  acme: string
}

export async function logIn(page: Page, baseURL: string, email: string): Promise<void> {
  await page.goto(`${baseURL}/session/new`)
  await page.fill('[name="email_address"]', email)
  await page.fill('[name="password"]', PASSWORD)
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.startsWith('/session'))
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  cpuThrottle: [
    async ({ browser }, use) => {
      const rate = cpuThrottleRate()
      throttleEveryContext(browser, rate)
      await use(rate)
    },
    { scope: 'worker', auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const server = await new RailsServer().start()
    await use(server)
    await server.stop()
    server.dispose()
  },
  // Relative URLs (`page.goto('/accounts')`, as the spec's test writes them) go to this test's server.
  baseURL: async ({ app }, use) => {
    await use(app.baseURL)
  },
  signIn: async ({ app, browser }, use) => {
    const contexts = new Map<string, BrowserContext>()
    const open = async (email: string, path = '/accounts') => {
      let context = contexts.get(email)
      const fresh = !context
      context ??= await newContext(browser, app.baseURL)
      contexts.set(email, context)
      const page = await context.newPage()
      if (fresh) await logIn(page, app.baseURL, email)
      await page.goto(path)
      return page
    }
    await use(open)
    for (const context of contexts.values()) await context.close()
  },
  alice: async ({ signIn }, use) => {
    await use(await User.signIn(signIn, 'alice@example.com'))
  },
  bob: async ({ signIn }, use) => {
    await use(await User.signIn(signIn, 'bob@example.com'))
  },
  acme: async ({ alice }, use) => {
    await use(await alice.accountId('Acme'))
  },
})

async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 700 } })
  // Every tab's markers are logged from its first socket on (see markersFor).
  context.on('page', (page) => CableLog.watch(page))
  return context
}

export { expect }
export { markersFor } from './cable-log'
export { QUIET_MS, User, renameInForm, synced } from './user'
