import { expect, screenshot, test } from '../support/fixtures'

test('the login page renders and alice sees her accounts after signing in', async ({
  app,
  page,
}) => {
  await page.goto(`${app.baseURL}/accounts`)
  await expect(page).toHaveURL(/\/session\/new$/)
  await expect(page.locator('h1')).toHaveText('Sign in')
  await screenshot(page, 'login')

  await page.fill('[name="email_address"]', 'alice@example.com')
  await page.fill('[name="password"]', 'password')
  await page.click('button[type="submit"]')

  await expect(page.locator('[data-test="accounts"] li')).toHaveCount(2)
  await expect(page.locator('[data-test="accounts"]')).toContainText('Acme')
  await expect(page.locator('[data-test="accounts"]')).toContainText('Globex')
  await expect(page.locator('[data-test="accounts"]')).not.toContainText('Initech')
  await expect(page.locator('h1')).toHaveText('Acme')
  await expect(page.locator('[data-test="members"]')).toContainText('alice@example.com')
  await screenshot(page, 'accounts-alice')
})

test('a wrong password keeps the user on the login page with a message', async ({ app, page }) => {
  await page.goto(`${app.baseURL}/session/new`)
  await page.fill('[name="email_address"]', 'alice@example.com')
  await page.fill('[name="password"]', 'wrong')
  await page.click('button[type="submit"]')
  await expect(page.locator('[role="alert"]')).toContainText(
    'Try another email address or password.',
  )
})
