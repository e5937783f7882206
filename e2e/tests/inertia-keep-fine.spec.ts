import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep } from '../support/observe'
import { Writer } from '../support/writer'
import { QUIET_MS, acmeId, renameTask, scrollUntilRows, taskId } from './inertia-support'

// Inertia features that already work beside sync; these tests keep them so.

async function overview(
  signIn: (email: string, path?: string) => Promise<import('@playwright/test').Page>,
  query = '',
) {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const tasks = await signIn('alice@example.com', `/accounts/${acme}/tasks`)
  const task01 = await taskId(tasks, 'Task 01')
  await tasks.close()
  const tab = await signIn('alice@example.com', `/accounts/${acme}/overview${query}`)
  return { tab, acme, task01, writer: new Writer(home) }
}

test('deferred props: synced before and after they load', async ({ signIn }) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const list = await signIn('alice@example.com', `/accounts/${acme}/tasks`)
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
  await renameTask(writer, acme, task01, 'Edited before load')
  await sleep(QUIET_MS)
  release()
  await expect(tab.locator('[data-test="activity"]')).toHaveText('Last edited: Edited before load')

  // After: a change reloads it.
  await waitForSync(tab)
  await renameTask(writer, acme, task01, 'Edited after load')
  await expect(tab.locator('[data-test="activity"]')).toHaveText('Last edited: Edited after load')
})

test('optional props: not loaded until asked for, then synced', async ({ signIn }) => {
  const { tab, acme, task01, writer } = await overview(signIn)
  await waitForSync(tab)
  await renameTask(writer, acme, task01, 'Before asking')
  await sleep(QUIET_MS)
  await expect(tab.locator('[data-test="first-task"]')).toHaveCount(0)

  await tab.click('[data-test="show-first-task"]')
  await expect(tab.locator('[data-test="first-task"]')).toHaveText('First task: Before asking')
  await renameTask(writer, acme, task01, 'After asking')
  await expect(tab.locator('[data-test="first-task"]')).toHaveText('First task: After asking')
})

test('always props: fresh after every sync reload', async ({ signIn }) => {
  const { tab, acme, writer } = await overview(signIn)
  await waitForSync(tab)
  await writer.renameAccount(acme, 'Acme Always')
  await expect(tab.locator('[data-test="headline"]')).toHaveText('Acme Always at a glance')
})

test('usePoll on a synced prop: both keep working, no errors', async ({ signIn }) => {
  const { tab, acme, writer } = await overview(signIn, '?poll=700')
  const errors: string[] = []
  tab.on('pageerror', (error) => errors.push(error.message))
  await waitForSync(tab)
  await writer.renameAccount(acme, 'Acme Polled')
  await expect(tab.locator('h1')).toHaveText('Acme Polled')
  await sleep(QUIET_MS)
  await writer.renameAccount(acme, 'Acme Polled Again')
  await expect(tab.locator('h1')).toHaveText('Acme Polled Again')
  expect(errors).toEqual([])
})

test('long lists: a sync reload keeps the scroll position and local state', async ({ signIn }) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const tab = await signIn('alice@example.com', `/accounts/${acme}/tasks`)
  await waitForSync(tab)
  await scrollUntilRows(tab, 20)
  const row = tab.locator('[data-test="task"]').nth(14)
  await row.locator('[data-test="toggle-task"]').click()
  await expect(row.locator('[data-test="task-details"]')).toBeVisible()
  const scrollBefore = await tab.evaluate(() => window.scrollY)
  expect(scrollBefore).toBeGreaterThan(0)

  await writer.renameAccount(acme, 'Acme Scrolled')
  await expect(tab.locator('h1')).toHaveText('Acme Scrolled')
  await sleep(QUIET_MS)
  expect(Math.abs((await tab.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(5)
  await expect(row.locator('[data-test="task-details"]')).toBeVisible()
})
