import { waitForSync } from 'inertia-sync/testing'
import type { Route } from '@playwright/test'
import { expect, test } from '../support/fixtures'
import { accountId, recordPartialReloads } from '../support/observe'
import { Writer } from '../support/writer'

// A sync reload that fails once must not leave the tab stale: the client keeps the work pending
// and retries (with backoff; a reload that never finishes is given up after reloadTimeoutMs), so
// the tab shows the committed data without any new marker, and never shows Inertia's error modal.
const failures: Record<string, (route: Route) => Promise<void>> = {
  'a 500 response': (route) =>
    route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>We are sorry</h1>' }),
  'a network error': (route) => route.abort('connectionreset'),
  'a timeout (aborted, no finish event)': (route) => route.abort('timedout'),
}

for (const [failure, fail] of Object.entries(failures)) {
  test(`a sync reload that fails once with ${failure} heals without a new marker`, async ({
    signIn,
  }) => {
    test.setTimeout(120_000) // a timed-out reload is given up after 15 s, then retried
    const writerTab = await signIn('alice@example.com')
    const acme = await accountId(writerTab, 'Acme')
    const viewer = await signIn('alice@example.com', `/accounts/${acme}`)
    await waitForSync(writerTab)
    await waitForSync(viewer)
    const reloads = recordPartialReloads(viewer)
    let failed = 0
    await viewer.route('**/*', async (route) => {
      const partial = route.request().headers()['x-inertia-partial-data'] !== undefined
      if (partial && failed === 0) {
        failed++
        await fail(route)
      } else {
        await route.continue()
      }
    })

    await new Writer(writerTab).renameAccount(acme, 'Acme Healed') // one commit, one marker

    await expect(viewer.locator('h1')).toHaveText('Acme Healed', { timeout: 40_000 })
    expect(failed).toBe(1)
    expect(reloads.length).toBeGreaterThanOrEqual(2) // the failed one, then the retry
    await expect(viewer.locator('#inertia-error-dialog')).toHaveCount(0)
    await expect(viewer.locator('html')).toHaveAttribute('data-sync-ready', 'true')
  })
}
