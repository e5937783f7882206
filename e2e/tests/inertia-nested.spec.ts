import { QUIET_MS, expect, markersFor, test } from '../support/fixtures'
import { recordPartialReloads, sleep } from '../support/observe'

// Nested props reloaded by path: `account.name` follows `Account:<id>`, `account.members`
// follows `Account:<id>/account_users`.

test('nested props: a rename reloads account.name only, and the members stay', async ({
  alice,
  acme,
}) => {
  const tab = await alice.syncedTab(`/accounts/${acme}/team`)
  const reloads = recordPartialReloads(tab)

  await alice.writer.renameAccount(acme, 'Acme Nested')
  await expect(tab.locator('h1')).toHaveText('Acme Nested')
  await sleep(QUIET_MS)
  expect(reloads.flatMap((reload) => reload.props)).toContain('account.name')
  expect(reloads.flatMap((reload) => reload.props)).not.toContain('account')
  await expect(tab.locator('[data-test="members"] li')).toHaveCount(1)
})

test('nested props: a rename committed while account.members reloads is not lost', async ({
  alice,
  acme,
}) => {
  const tab = await alice.syncedTab(`/accounts/${acme}/team`)

  // Hold the members reload before it reaches the server, rename meanwhile, then let it go:
  // its response is rendered after the rename, but carries the members only.
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let held!: () => void
  const isHeld = new Promise<void>((resolve) => (held = resolve))
  await tab.route(
    (url) => url.pathname.endsWith('/team'),
    async (route) => {
      if (route.request().headers()['x-inertia-partial-data'] !== 'account.members')
        return route.continue()
      held()
      await released
      await route.continue()
    },
  )

  await alice.writer.addMember(acme, 'bob@example.com')
  await isHeld
  const renamed = markersFor(tab, `Account:${acme}`)
  await alice.writer.renameAccount(acme, 'Acme During Members')
  await renamed.arrived() // the rename's marker arrives while the members reload is in flight
  release()

  await expect(tab.locator('[data-test="members"] li')).toHaveCount(2)
  await expect(tab.locator('h1')).toHaveText('Acme During Members')
})
