import { QUIET_MS, expect, markersFor, synced, test, type User } from '../support/fixtures'
import { sleep } from '../support/observe'
import { renameTask, scrollUntilRows, taskId } from './inertia-support'

// Inertia features that already work beside sync; these tests keep them so.

async function overview(alice: User, acme: string, query = '') {
  const tasks = await alice.tab(`/accounts/${acme}/tasks`)
  const task01 = await taskId(tasks, 'Task 01')
  await tasks.close()
  const tab = await alice.tab(`/accounts/${acme}/overview${query}`)
  return { tab, task01, writer: alice.writer }
}

test('deferred props: synced before and after they load', async ({ alice, acme }) => {
  const list = await alice.tab(`/accounts/${acme}/tasks`)
  const task01 = await taskId(list, 'Task 01')

  // Before: the deferred request is held while a change lands.
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const tab = await list.context().newPage()
  await tab.route(
    (url) => url.pathname.endsWith('/overview'),
    async (route) => {
      if (route.request().headers()['x-inertia-partial-data'] === 'activity') await released
      await route.continue()
    },
  )
  await tab.goto(`/accounts/${acme}/overview`)
  await expect(tab.locator('[data-test="activity-loading"]')).toBeVisible()
  // Every identifier subscribed (the deferred request holds no sync state), so the change's
  // marker reaches the tab while the request is held.
  await expect(tab.locator('html')).toHaveAttribute('data-sync-subscriptions', /^([1-9]\d*)\/\1$/)
  const edited = markersFor(tab, `Account:${acme}/tasks`)
  await renameTask(alice.writer, acme, task01, 'Edited before load')
  await edited.arrived()
  release()
  await expect(tab.locator('[data-test="activity"]')).toHaveText('Last edited: Edited before load')

  // After: a change reloads it.
  await synced(tab)
  await renameTask(alice.writer, acme, task01, 'Edited after load')
  await expect(tab.locator('[data-test="activity"]')).toHaveText('Last edited: Edited after load')
})

test('optional props: not loaded until asked for, then synced', async ({ alice, acme }) => {
  const { tab, task01, writer } = await overview(alice, acme)
  await synced(tab)
  const renamed = markersFor(tab, `Account:${acme}/tasks`)
  await renameTask(writer, acme, task01, 'Before asking')
  await renamed.arrived() // the quiet window starts once the tab heard of the change
  await sleep(QUIET_MS)
  await expect(tab.locator('[data-test="first-task"]')).toHaveCount(0)

  await tab.click('[data-test="show-first-task"]')
  await expect(tab.locator('[data-test="first-task"]')).toHaveText('First task: Before asking')
  await renameTask(writer, acme, task01, 'After asking')
  await expect(tab.locator('[data-test="first-task"]')).toHaveText('First task: After asking')
})

test('always props: fresh after every sync reload', async ({ alice, acme }) => {
  const { tab, writer } = await overview(alice, acme)
  await synced(tab)
  await writer.renameAccount(acme, 'Acme Always')
  await expect(tab.locator('[data-test="headline"]')).toHaveText('Acme Always at a glance')
})

test('usePoll on a synced prop: both keep working, no errors', async ({ alice, acme }) => {
  const { tab, writer } = await overview(alice, acme, '?poll=700')
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await synced(tab)
  await writer.renameAccount(acme, 'Acme Polled')
  await expect(tab.locator('h1')).toHaveText('Acme Polled')
  await sleep(QUIET_MS)
  await writer.renameAccount(acme, 'Acme Polled Again')
  await expect(tab.locator('h1')).toHaveText('Acme Polled Again')
  expect(errors).toEqual([])
})

test('long lists: a sync reload keeps the scroll position and local state', async ({
  alice,
  acme,
}) => {
  const tab = await alice.syncedTab(`/accounts/${acme}/tasks`)
  await scrollUntilRows(tab, 20)
  const row = tab.locator('[data-test="task"]').nth(14)
  await row.locator('[data-test="toggle-task"]').click()
  await expect(row.locator('[data-test="task-details"]')).toBeVisible()
  const scrollBefore = await tab.evaluate(() => window.scrollY)
  expect(scrollBefore).toBeGreaterThan(0)

  await alice.writer.renameAccount(acme, 'Acme Scrolled')
  await expect(tab.locator('h1')).toHaveText('Acme Scrolled')
  await sleep(QUIET_MS)
  expect(Math.abs((await tab.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(5)
  await expect(row.locator('[data-test="task-details"]')).toBeVisible()
})
