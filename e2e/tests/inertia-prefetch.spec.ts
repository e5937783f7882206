import { expect, test } from '../support/fixtures'
import { recordHeadings } from './inertia-support'

// A `<Link prefetch cacheTags={[identifier]}>` to a page whose data then changes.

test('prefetch: after a change the tab knows about, the prefetched page never shows stale data', async ({
  alice,
  acme,
}) => {
  const tab = await alice.syncedTab(`/accounts/${acme}/overview`)

  const link = tab.locator('[data-test="prefetched-account-link"]')
  const prefetched = tab.waitForResponse(
    (response) => response.request().headers()['purpose'] === 'prefetch',
  )
  await link.hover()
  await prefetched

  await alice.writer.renameAccount(acme, 'Acme Renamed')
  await expect(tab.locator('h1')).toHaveText('Acme Renamed') // the tab accepted the marker
  const headings = await recordHeadings(tab)
  await link.click()
  await expect(tab).toHaveURL(new RegExp(`/accounts/${acme}$`))
  await expect(tab.locator('h1')).toHaveText('Acme Renamed')
  expect(await headings()).not.toContain('Acme')
})
