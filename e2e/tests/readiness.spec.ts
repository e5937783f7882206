import type { Page } from '@playwright/test'
import { waitForSync } from 'inertia-sync/testing'
import { PASSWORD, expect, test } from '../support/fixtures'

// `ready` on a page that follows nothing (the sign-in page), and around it: a fresh load is
// ready, the synced page a navigation leads to is not ready until its identifiers are
// subscribed, and the page the back button restores is ready again.

/** The sync attributes as a page observer sees them: sampled once the task that changed them ended. */
interface Sample {
  page: 'sign-in' | 'other'
  ready: string | undefined
  subscriptions: string | undefined
}

/** Samples in this document from now on (given to `page.evaluate`, or to `addInitScript`). */
function installSampler(): void {
  const samples: Sample[] = []
  ;(window as unknown as { syncSamples: Sample[] }).syncSamples = samples
  const sample = () => {
    const { syncReady, syncSubscriptions } = document.documentElement.dataset
    const shown = document.querySelector('main.login') ? 'sign-in' : 'other'
    samples.push({ page: shown, ready: syncReady, subscriptions: syncSubscriptions })
  }
  // The document, not its root: an init script runs before the parser created `<html>`.
  const observer = new MutationObserver(() => setTimeout(sample))
  observer.observe(document, { attributes: true, childList: true, subtree: true })
}

const recordSamples = (page: Page) => page.evaluate(installSampler)

const samples = (page: Page) =>
  page.evaluate(() => (window as unknown as { syncSamples: Sample[] }).syncSamples)

const attribute = (page: Page, name: string) =>
  page.evaluate((key) => document.documentElement.dataset[key], name)

test('a page that follows nothing is ready on a fresh load, after a navigation and after back', async ({
  app,
  browser,
}) => {
  const context = await browser.newContext({ baseURL: app.baseURL })
  const page = await context.newPage()

  await page.goto('/session/new')
  await waitForSync(page, { timeout: 10_000 })
  expect(await attribute(page, 'syncSubscriptions')).toBe('0/0')
  // Nothing to follow needs no socket: the client has not joined the channel.
  expect(await attribute(page, 'syncConnection')).toBe('idle')

  await recordSamples(page)
  await page.fill('[name="email_address"]', 'alice@example.com')
  await page.fill('[name="password"]', PASSWORD)
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.startsWith('/session'))
  await waitForSync(page)
  const followed = await attribute(page, 'syncSubscriptions')
  expect(followed).toMatch(/^[1-9]\d*\/[1-9]\d*$/)
  const onAccounts = (await samples(page)).filter((sample) => sample.page === 'other')
  // Seen not ready while its identifiers were subscribed, and ready only with all of them.
  expect(onAccounts.some((sample) => sample.ready === 'false')).toBe(true)
  for (const sample of onAccounts.filter((s) => s.ready === 'true')) {
    expect(sample.subscriptions).toBe(followed)
  }

  await page.goBack()
  await page.waitForURL((url) => url.pathname === '/session/new')
  await expect(page.locator('main.login')).toBeVisible()
  await waitForSync(page)
  expect(await attribute(page, 'syncSubscriptions')).toBe('0/0')
  for (const sample of (await samples(page)).filter((s) => s.page === 'sign-in')) {
    if (sample.ready === 'true') expect(sample.subscriptions).toBe('0/0')
  }
  await context.close()
})

test('a fresh load of a synced page is not ready before its components subscribed', async ({
  signIn,
}) => {
  const page = await signIn('alice@example.com', '/session/new')
  await page.addInitScript(installSampler)
  await page.goto('/accounts')
  await waitForSync(page)
  const followed = await attribute(page, 'syncSubscriptions')
  expect(followed).toMatch(/^[1-9]\d*\/[1-9]\d*$/)
  const shown = (await samples(page)).filter((sample) => sample.page === 'other')
  expect(
    shown.some((sample) => sample.ready === 'false'),
    JSON.stringify(shown),
  ).toBe(true)
  for (const sample of shown.filter((s) => s.ready === 'true')) {
    expect(sample.subscriptions).toBe(followed)
  }
})
