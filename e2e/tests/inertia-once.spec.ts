import { QUIET_MS, expect, synced, test } from '../support/fixtures'
import { sleep } from '../support/observe'

// Once props: `InertiaRails.once` shared with `inertia_share` (`account_count`, on every feature
// page) and a page-level one (`motto`, the overview only), each synced.

test('a shared once prop changed while another page showed is fresh after a visit back', async ({
  alice,
  acme,
  bob: bobUser,
}) => {
  const initech = await bobUser.accountId('Initech')
  const bob = await bobUser.syncedTab(`/accounts/${initech}/overview`)
  await expect(bob.locator('[data-test="account-count"]')).toHaveText('You belong to 1 accounts')

  // To a page that has the shared prop (the client keeps its value) but does not sync it.
  await bob.click('[data-test="nav-scroll"]')
  await expect(bob).toHaveURL(/\/tasks$/)
  await synced(bob)
  await alice.writer.addMember(acme, 'bob@example.com')
  await sleep(QUIET_MS)

  await bob.click('[data-test="nav-overview"]')
  await expect(bob).toHaveURL(/\/overview$/)
  await expect(bob.locator('[data-test="account-count"]')).toHaveText('You belong to 2 accounts')
})

test('a page-level once prop follows changes, and is fresh after a visit back', async ({
  alice,
  acme,
}) => {
  const tab = await alice.syncedTab(`/accounts/${acme}/overview`)
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme gets things done')

  await alice.writer.renameAccount(acme, 'Acme One')
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme One gets things done')

  await tab.click('[data-test="nav-scroll"]')
  await expect(tab).toHaveURL(/\/tasks$/)
  await alice.writer.renameAccount(acme, 'Acme Two')
  await expect(tab.locator('h1')).toHaveText('Acme Two')
  await tab.click('[data-test="nav-overview"]')
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme Two gets things done')
})
