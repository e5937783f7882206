import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep, accountId } from '../support/observe'
import { Writer } from '../support/writer'
import { QUIET_MS, acmeId } from './inertia-support'

// Once props: `InertiaRails.once` shared with `inertia_share` (`account_count`, on every feature
// page) and a page-level one (`motto`, the overview only), each synced.

test('a shared once prop changed while another page showed is fresh after a visit back', async ({
  signIn,
}) => {
  const alice = await signIn('alice@example.com')
  const acme = await acmeId(alice)
  const writer = new Writer(alice)
  const bobHome = await signIn('bob@example.com')
  const initech = await accountId(bobHome, 'Initech')
  const bob = await signIn('bob@example.com', `/accounts/${initech}/overview`)
  await waitForSync(bob)
  await expect(bob.locator('[data-test="account-count"]')).toHaveText('You belong to 1 accounts')

  // To a page that has the shared prop (the client keeps its value) but does not sync it.
  await bob.click('[data-test="nav-scroll"]')
  await expect(bob).toHaveURL(/\/tasks$/)
  await waitForSync(bob)
  await writer.addMember(acme, 'bob@example.com')
  await sleep(QUIET_MS)

  await bob.click('[data-test="nav-overview"]')
  await expect(bob).toHaveURL(/\/overview$/)
  await expect(bob.locator('[data-test="account-count"]')).toHaveText('You belong to 2 accounts')
})

test('a page-level once prop follows changes, and is fresh after a visit back', async ({
  signIn,
}) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const tab = await signIn('alice@example.com', `/accounts/${acme}/overview`)
  await waitForSync(tab)
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme gets things done')

  await writer.renameAccount(acme, 'Acme One')
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme One gets things done')

  await tab.click('[data-test="nav-scroll"]')
  await expect(tab).toHaveURL(/\/tasks$/)
  await writer.renameAccount(acme, 'Acme Two')
  await expect(tab.locator('h1')).toHaveText('Acme Two')
  await tab.click('[data-test="nav-overview"]')
  await expect(tab.locator('[data-test="motto"]')).toHaveText('Acme Two gets things done')
})
