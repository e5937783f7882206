import { waitForSync } from 'inertia-sync/testing'
import { expect, test } from '../support/fixtures'
import { sleep } from '../support/observe'
import { Writer } from '../support/writer'
import { QUIET_MS, acmeId, renameTask, taskId } from './inertia-support'

// A form whose input is bound to the synced prop (a writable `$derived` of `task.title`).

async function openEditor(
  signIn: (email: string, path?: string) => Promise<import('@playwright/test').Page>,
) {
  const home = await signIn('alice@example.com')
  const acme = await acmeId(home)
  const list = await signIn('alice@example.com', `/accounts/${acme}/tasks`)
  const task = await taskId(list, 'Task 02')
  const tab = await signIn('alice@example.com', `/accounts/${acme}/tasks/${task}/edit`)
  await waitForSync(tab)
  return { tab, acme, task, writer: new Writer(home) }
}

test('forms: what the user is typing is never overwritten by a sync reload', async ({ signIn }) => {
  const { tab, acme, task, writer } = await openEditor(signIn)
  const input = tab.locator('[data-test="task-title-input"]')
  await input.fill('My draft title')

  await renameTask(writer, acme, task, 'Renamed elsewhere')
  await sleep(QUIET_MS)
  await expect(input).toHaveValue('My draft title')
  await expect(input).toBeFocused()

  // Saved: the hold ends, and the page shows what the server has.
  await tab.click('[data-test="save-task"]')
  await expect(tab.locator('[data-test="task-heading"]')).toHaveText('My draft title')
  await expect(input).toHaveValue('My draft title')
})

test('forms: validation errors survive a sync reload', async ({ signIn }) => {
  const { tab, acme, task, writer } = await openEditor(signIn)
  await tab.locator('[data-test="task-title-input"]').fill('')
  await tab.click('[data-test="save-task"]')
  await expect(tab.locator('[data-test="title-error"]')).toBeVisible()

  await renameTask(writer, acme, task, 'Renamed elsewhere')
  await expect(tab.locator('[data-test="task-heading"]')).toHaveText('Renamed elsewhere')
  await sleep(QUIET_MS)
  await expect(tab.locator('[data-test="title-error"]')).toBeVisible()
})
