import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { Writer } from '../support/writer'
import { acmeId, recordHeadings } from './inertia-support'

// A `<Link prefetch cacheTags={[identifier]}>` to a page whose data then changes.

test('prefetch: after a change the tab knows about, the prefetched page never shows stale data', async ({
  signIn,
}) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const tab = await signIn('alice@example.com', `/accounts/${acme}/overview`)
  await waitForSync(tab)

  const link = tab.locator('[data-test="prefetched-account-link"]')
  const prefetched = tab.waitForResponse(
    (response) => response.request().headers()['purpose'] === 'prefetch',
  )
  await link.hover()
  await prefetched

  await writer.renameAccount(acme, 'Acme Renamed')
  await expect(tab.locator('h1')).toHaveText('Acme Renamed') // the tab accepted the marker
  const headings = await recordHeadings(tab)
  await link.click()
  await expect(tab).toHaveURL(new RegExp(`/accounts/${acme}$`))
  await expect(tab.locator('h1')).toHaveText('Acme Renamed')
  expect(await headings()).not.toContain('Acme')
})
