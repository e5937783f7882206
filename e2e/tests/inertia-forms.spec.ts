import { QUIET_MS, expect, markersFor, test, type User } from '../support/fixtures'
import { sleep } from '../support/observe'
import { renameTask, taskId } from './inertia-support'

// A form whose input is bound to the synced prop (a writable `$derived` of `task.title`).

async function openEditor(alice: User, acme: string) {
  const list = await alice.tab(`/accounts/${acme}/tasks`)
  const task = await taskId(list, 'Task 02')
  const tab = await alice.syncedTab(`/accounts/${acme}/tasks/${task}/edit`)
  return { tab, task, writer: alice.writer }
}

test('forms: what the user is typing is never overwritten by a sync reload', async ({
  alice,
  acme,
}) => {
  const { tab, task, writer } = await openEditor(alice, acme)
  const input = tab.locator('[data-test="task-title-input"]')
  await input.fill('My draft title')

  const renamed = markersFor(tab, `Task:${task}`)
  await renameTask(writer, acme, task, 'Renamed elsewhere')
  // The tab heard the rename and holds its reload (pending, so not ready); then a reload's time.
  await renamed.arrived()
  await expect(tab.locator('html')).toHaveAttribute('data-sync-ready', 'false')
  await sleep(QUIET_MS)
  await expect(input).toHaveValue('My draft title')
  await expect(input).toBeFocused()

  // Saved: the hold ends, and the page shows what the server has.
  await tab.click('[data-test="save-task"]')
  await expect(tab.locator('[data-test="task-heading"]')).toHaveText('My draft title')
  await expect(input).toHaveValue('My draft title')
})

test('forms: validation errors survive a sync reload', async ({ alice, acme }) => {
  const { tab, task, writer } = await openEditor(alice, acme)
  await tab.locator('[data-test="task-title-input"]').fill('')
  await tab.click('[data-test="save-task"]')
  await expect(tab.locator('[data-test="title-error"]')).toBeVisible()

  await renameTask(writer, acme, task, 'Renamed elsewhere')
  await expect(tab.locator('[data-test="task-heading"]')).toHaveText('Renamed elsewhere')
  await sleep(QUIET_MS)
  await expect(tab.locator('[data-test="title-error"]')).toBeVisible()
})
