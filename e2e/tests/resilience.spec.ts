import type { Route } from '@playwright/test'
import { expect, synced, test } from '../support/fixtures'
import { recordPartialReloads } from '../support/observe'

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
    alice,
    acme,
  }) => {
    test.setTimeout(180_000) // a timed-out reload is given up after 15 s, then retried
    const viewer = await alice.tab(`/accounts/${acme}`)
    await synced(alice.home, viewer)
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

    await alice.writer.renameAccount(acme, 'Acme Healed') // one commit, one marker

    await expect(viewer.locator('h1')).toHaveText('Acme Healed', { timeout: 40_000 })
    expect(failed).toBe(1)
    expect(reloads.length).toBeGreaterThanOrEqual(2) // the failed one, then the retry
    await expect(viewer.locator('#inertia-error-dialog')).toHaveCount(0)
    await expect(viewer.locator('html')).toHaveAttribute('data-sync-ready', 'true')
  })
}
