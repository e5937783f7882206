import { waitForSync } from 'inertia-sync/testing'
import { expect, logIn, screenshot, test } from '../support/fixtures'

// The spec's section 7.3 test, as written, after logging in (its pages need a
// signed-in user). The only additions: log in, wait until both tabs are
// subscribed (instead of hoping), and measure edit-to-visible time.
test('syncs account updates between tabs', async ({ browser, app }, testInfo) => {
  // Open two tabs
  const context = await browser.newContext()
  const page1 = await context.newPage()
  const page2 = await context.newPage()
  await logIn(page1, app.baseURL, 'alice@example.com')

  // Navigate both to accounts page
  await page1.goto('/accounts')
  await page2.goto('/accounts')
  await waitForSync(page1)
  await waitForSync(page2)

  // Update account name in tab 1
  await page1.click('[data-test="edit-account"]')
  await page1.fill('[name="name"]', 'Updated Account')
  const submittedAt = Date.now()
  await page1.click('[type="submit"]')

  // Verify update appears in tab 2 within 1 second
  await expect(page2.locator('h1')).toContainText('Updated Account', {
    timeout: 1000,
  })
  const editToVisibleMs = Date.now() - submittedAt
  testInfo.annotations.push({ type: 'edit-to-visible-ms', description: String(editToVisibleMs) })
  console.log(`edit-to-visible: ${editToVisibleMs} ms`)
  await screenshot(page2, 'spec-7-3-second-tab')
  await context.close()
})
