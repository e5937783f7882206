import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep } from '../support/observe'
import { Writer } from '../support/writer'
import { QUIET_MS, acmeId, renameTask, taskId, taskIds, taskTitles } from './inertia-support'

// `InertiaRails.deep_merge` (an object whose `tasks` grow page by page), without and with
// `match_on`, and `syncWithRails` on the same prop.

for (const { name, query } of [
  { name: 'deep merge', query: '' },
  { name: 'deep merge with match_on', query: '?match=1' },
]) {
  test(`${name}: a change on page 1 shows, every loaded page kept, no duplicates`, async ({
    signIn,
  }) => {
    const home = await signIn('alice@example.com')
    const acme = await acmeId(home)
    const writer = new Writer(home)
    const tab = await signIn('alice@example.com', `/accounts/${acme}/tasks/board${query}`)
    await waitForSync(tab)
    const task03 = await taskId(tab, 'Task 03')
    for (const rows of [20, 30]) {
      await tab.click('[data-test="load-more"]')
      await expect(tab.locator('[data-test="task"]')).toHaveCount(rows)
    }

    await renameTask(writer, acme, task03, 'Task 03 renamed')
    await expect(tab.getByText('Task 03 renamed', { exact: true })).toBeVisible()
    await sleep(QUIET_MS)

    const ids = await taskIds(tab)
    expect(ids).toHaveLength(30)
    expect(new Set(ids).size).toBe(30)
    expect((await taskTitles(tab))[2]).toBe('Task 03 renamed')
    expect((await taskTitles(tab))[29]).toBe('Task 30')
  })
}
