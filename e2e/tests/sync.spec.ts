import { waitForSync } from 'inertia-sync/testing'
import { expect, screenshot, test } from '../support/fixtures'
import {
  accountId,
  recordCableFrames,
  recordPartialReloads,
  setVisibility,
  sleep,
} from '../support/observe'
import { Writer } from '../support/writer'

// How long a tab has to react to a marker: debounce (300 ms) + max wait margin.
const QUIET_MS = 1500

test('an edit reaches the other tab of the user and the admin, never a non-member', async ({
  signIn,
}) => {
  const alice1 = await signIn('alice@example.com')
  const acme = await accountId(alice1, 'Acme')
  const alice2 = await signIn('alice@example.com', `/accounts?account=${acme}`)
  const admin = await signIn('admin@example.com', '/admin/accounts')
  const bobPage = await signIn('bob@example.com', '/accounts')
  const bobFrames = recordCableFrames(bobPage)
  await bobPage.reload()
  for (const page of [alice1, alice2, admin, bobPage]) await waitForSync(page)
  const bobReloads = recordPartialReloads(bobPage)

  await alice1.click('[data-test="edit-account"]')
  await alice1.fill('[name="name"]', 'Acme Renamed')
  await alice1.click('[type="submit"]')

  await expect(alice2.locator('h1')).toHaveText('Acme Renamed')
  await expect(alice2.locator('[data-test="accounts"]')).toContainText('Acme Renamed')
  await expect(admin.locator('[data-test="all-accounts"]')).toContainText('Acme Renamed')
  await screenshot(admin, 'admin-after-rename')

  await sleep(QUIET_MS)
  await expect(bobPage.locator('h1')).toHaveText('Initech')
  expect(bobReloads).toEqual([])
  expect(bobFrames.received.length).toBeGreaterThan(0) // bob's socket is live...
  expect(bobFrames.received.filter((frame) => frame.includes(acme))).toEqual([]) // ...and never hears of Acme
  expect(bobFrames.received.filter((frame) => frame.includes('Account:all'))).toEqual([])
})

test('adding and removing a member shows in the other tab', async ({ signIn }) => {
  const tab1 = await signIn('alice@example.com')
  const tab2 = await signIn('alice@example.com')
  const bob = await signIn('bob@example.com')
  for (const page of [tab1, tab2, bob]) await waitForSync(page)
  await expect(bob.locator('[data-test="accounts"] li')).toHaveCount(1)

  await tab1.fill('[name="email_address"]', 'bob@example.com')
  await tab1.click('[data-test="add-member"]')
  await expect(tab2.locator('[data-test="members"]')).toContainText('bob@example.com')
  // bob's own accounts list follows his new membership (User:<bob>/account_users).
  await expect(bob.locator('[data-test="accounts"] li')).toHaveCount(2)
  await screenshot(tab2, 'member-added')

  await tab1
    .locator('[data-test="members"] li', { hasText: 'bob@example.com' })
    .locator('[data-test="remove-member"]')
    .click()
  await expect(tab2.locator('[data-test="members"]')).not.toContainText('bob@example.com')
  await expect(bob.locator('[data-test="accounts"] li')).toHaveCount(1)
})

test('an account deleted while another tab shows it leaves that tab in a sensible state', async ({
  signIn,
}) => {
  const deleter = await signIn('alice@example.com')
  const acme = await accountId(deleter, 'Acme')
  const viewer = await signIn('alice@example.com', `/accounts?account=${acme}`)
  const single = await signIn('alice@example.com', `/accounts/${acme}`)
  for (const page of [deleter, viewer, single]) await waitForSync(page)
  const errors: string[] = []
  viewer.on('pageerror', (error) => errors.push(error.message))

  await deleter.click('[data-test="delete-account"]')
  await deleter.click('[data-test="confirm-delete"]')

  await expect(viewer.locator('h1')).toHaveText('Account not found')
  await expect(viewer.locator('[data-test="accounts"]')).not.toContainText('Acme')
  await expect(single.locator('h1')).toHaveText('Account not found')
  // No Inertia error modal (it renders a non-Inertia response in an iframe/dialog).
  await expect(viewer.locator('iframe, dialog[open]')).toHaveCount(0)
  expect(errors).toEqual([])
  await screenshot(viewer, 'deleted-account')
})

test('a change committed while the server was down shows after the tabs reconnect', async ({
  app,
  signIn,
}) => {
  test.setTimeout(90_000)
  const tab1 = await signIn('alice@example.com')
  const tab2 = await signIn('alice@example.com')
  await waitForSync(tab1)
  await waitForSync(tab2)
  const reloadsBefore = recordPartialReloads(tab1)

  await app.stop()
  await expect(tab1.locator('html')).not.toHaveAttribute('data-sync-connection', 'connected')
  app.runner(`Account.find_by!(name: "Acme").update!(name: "Renamed while offline")`)
  await app.start()

  await expect(tab1.locator('h1')).toHaveText('Renamed while offline', { timeout: 45_000 })
  await expect(tab2.locator('h1')).toHaveText('Renamed while offline', { timeout: 45_000 })
  expect(reloadsBefore.length).toBeGreaterThan(0) // a partial reload, not a full page load
  await screenshot(tab1, 'after-reconnect')
})

test('switching the selected account moves the subscriptions', async ({ signIn }) => {
  const tab = await signIn('alice@example.com')
  const acme = await accountId(tab, 'Acme')
  const globex = await accountId(tab, 'Globex')
  const writerPage = await signIn('alice@example.com', '/accounts')
  const writer = new Writer(writerPage)
  await waitForSync(tab)

  await tab.locator('[data-test="account-link"]', { hasText: 'Globex' }).click()
  await expect(tab.locator('h1')).toHaveText('Globex')
  await waitForSync(tab)
  const reloads = recordPartialReloads(tab)

  // The old account still shows in the aside, so a rename reloads `accounts`, but no longer `selected_account`.
  await writer.renameAccount(acme, 'Acme Elsewhere')
  await expect(tab.locator('[data-test="accounts"]')).toContainText('Acme Elsewhere')
  await sleep(QUIET_MS)
  expect(reloads.flatMap((reload) => reload.props)).not.toContain('selected_account')
  await expect(tab.locator('h1')).toHaveText('Globex')

  // The new account's markers do reload it.
  await writer.renameAccount(globex, 'Globex Now')
  await expect(tab.locator('h1')).toHaveText('Globex Now')
  expect(reloads.flatMap((reload) => reload.props)).toContain('selected_account')
})

test('the tab that made an edit makes no extra reload for its own write', async ({ signIn }) => {
  const editor = await signIn('alice@example.com')
  const other = await signIn('alice@example.com')
  await waitForSync(editor)
  await waitForSync(other)
  const editorReloads = recordPartialReloads(editor)
  const otherReloads = recordPartialReloads(other)

  await editor.click('[data-test="edit-account"]')
  await editor.fill('[name="name"]', 'Acme by me')
  await editor.click('[type="submit"]')
  await expect(editor.locator('h1')).toHaveText('Acme by me')
  await expect(other.locator('h1')).toHaveText('Acme by me')
  await sleep(QUIET_MS)

  expect(editorReloads).toEqual([])
  expect(otherReloads.length).toBe(1)
})

test('a hidden tab makes no reload while hidden and exactly one when visible', async ({
  signIn,
}) => {
  const tab = await signIn('alice@example.com')
  const acme = await accountId(tab, 'Acme')
  const writer = new Writer(await signIn('alice@example.com', '/accounts'))
  await waitForSync(tab)
  const reloads = recordPartialReloads(tab)

  await setVisibility(tab, 'hidden')
  await writer.renameAccount(acme, 'Acme hidden 1')
  await writer.renameAccount(acme, 'Acme hidden 2')
  await sleep(QUIET_MS)
  expect(reloads).toEqual([])
  await expect(tab.locator('h1')).toHaveText('Acme')

  await setVisibility(tab, 'visible')
  await expect(tab.locator('h1')).toHaveText('Acme hidden 2')
  await sleep(QUIET_MS)
  expect(reloads.length).toBe(1)
})

test('50 updates within one second: at most 3 reloads, ending with the last name', async ({
  signIn,
}, testInfo) => {
  const observer = await signIn('alice@example.com')
  const acme = await accountId(observer, 'Acme')
  const writer = new Writer(await signIn('alice@example.com', '/accounts'))
  await waitForSync(observer)
  const reloads = recordPartialReloads(observer)

  await writer.burstRename(acme, 'Burst', 50, 1000)
  await expect(observer.locator('h1')).toHaveText('Burst 50', { timeout: 5000 })
  await sleep(QUIET_MS)

  testInfo.annotations.push({ type: 'burst-reloads', description: String(reloads.length) })
  expect(reloads.length).toBeGreaterThanOrEqual(1)
  expect(reloads.length).toBeLessThanOrEqual(3)
  await expect(observer.locator('h1')).toHaveText('Burst 50')
})
