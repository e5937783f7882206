import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep } from '../support/observe'
import { Writer } from '../support/writer'
import {
  QUIET_MS,
  acmeId,
  renameTask,
  scrollUntilRows,
  taskId,
  taskIds,
  taskTitles,
} from './inertia-support'

// `InertiaRails.scroll` + `<InfiniteScroll>` with `syncWithRails` on the same prop.

test('infinite scroll: a change on the first page shows, every loaded page kept, no duplicates, scroll kept', async ({
  signIn,
}) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const tab = await signIn('alice@example.com', `/accounts/${acme}/tasks`)
  await waitForSync(tab)
  await expect(tab.locator('[data-test="task"]')).toHaveCount(10)
  const task03 = await taskId(tab, 'Task 03')

  await scrollUntilRows(tab, 30)
  await expect(tab.locator('[data-test="task"]')).toHaveCount(30)
  const scrollBefore = await tab.evaluate(() => window.scrollY)

  await renameTask(writer, acme, task03, 'Task 03 renamed')
  await expect(tab.getByText('Task 03 renamed', { exact: true })).toBeVisible()
  await sleep(QUIET_MS)

  const ids = await taskIds(tab)
  expect(ids).toHaveLength(30)
  expect(new Set(ids).size).toBe(30)
  expect((await taskTitles(tab))[29]).toBe('Task 30')
  expect(Math.abs((await tab.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(5)
})
