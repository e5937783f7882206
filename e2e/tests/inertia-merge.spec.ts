import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep } from '../support/observe'
import { Writer } from '../support/writer'
import { QUIET_MS, acmeId, renameTask, taskId, taskIds, taskTitles } from './inertia-support'

// "Load more" with `InertiaRails.merge` (`?page=N` appended) and `syncWithRails` on the same prop.

test('merge props: a change on page 1 shows after "load more", every page kept, no duplicates', async ({
  signIn,
}) => {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const writer = new Writer(home)
  const tab = await signIn('alice@example.com', `/accounts/${acme}/tasks/more`)
  await waitForSync(tab)
  const task03 = await taskId(tab, 'Task 03')
  for (const rows of [20, 30]) {
    await tab.click('[data-test="load-more"]')
    await expect(tab.locator('[data-test="task"]')).toHaveCount(rows)
  }
  await expect(tab).toHaveURL(/page=3/)

  await renameTask(writer, acme, task03, 'Task 03 renamed')
  await expect(tab.getByText('Task 03 renamed', { exact: true })).toBeVisible()
  await sleep(QUIET_MS)

  const ids = await taskIds(tab)
  expect(ids).toHaveLength(30)
  expect(new Set(ids).size).toBe(30)
  expect((await taskTitles(tab))[29]).toBe('Task 30')
  // "Load more" still goes on from page 3.
  await tab.click('[data-test="load-more"]')
  await expect(tab.locator('[data-test="task"]')).toHaveCount(40)
})

for (const { name, path } of [
  { name: 'merge props', path: 'tasks/more' },
  { name: 'deep merge', path: 'tasks/board' },
]) {
  test(`${name} without match_on: a sync reload never duplicates rows, and shows fresh data`, async ({
    signIn,
  }) => {
    const home = await signIn('alice@example.com')
    const acme = await acmeId(home)
    const writer = new Writer(home)
    const tab = await signIn('alice@example.com', `/accounts/${acme}/${path}`)
    await waitForSync(tab)
    await tab.click('[data-test="load-more"]')
    await expect(tab.locator('[data-test="task"]')).toHaveCount(20)
    const task12 = await taskId(tab, 'Task 12')

    await renameTask(writer, acme, task12, 'Task 12 renamed')
    await expect(tab.getByText('Task 12 renamed', { exact: true })).toBeVisible()
    await sleep(QUIET_MS)
    const ids = await taskIds(tab)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeLessThanOrEqual(20)
  })
}
