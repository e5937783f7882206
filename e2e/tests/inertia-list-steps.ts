import type { Page } from '@playwright/test'
import { expect } from '../support/fixtures'
import { sleep } from '../support/observe'
import type { User } from '../support/user'
import type { Writer } from '../support/writer'
import { QUIET_MS, renameTask, taskId, taskIds, taskTitles } from './inertia-support'

// The steps the list specs (merge, deep merge, infinite scroll) share: a list of Acme's 45 tasks
// loaded to three pages of ten, then changed by another user while the tab shows it.

export interface ListTab {
  tab: Page
  writer: Writer
  acme: string
  /** Pages of ten loaded. */
  pages?: number
}

/** A synced tab of `user` on `path` (of the account `account`), showing the first ten tasks. */
export async function openList(user: User, account: string, path: string): Promise<ListTab> {
  const tab = await user.syncedTab(`/accounts/${account}/${path}`)
  await expect(rows(tab)).toHaveCount(10)
  return { tab, writer: user.writer, acme: account }
}

export const rows = (tab: Page) => tab.locator('[data-test="task"]')

/** Clicks "Load more" until `count` rows show. */
export async function loadMore(tab: Page, count: number): Promise<void> {
  while ((await rows(tab).count()) < count) {
    const before = await rows(tab).count()
    await tab.click('[data-test="load-more"]')
    await expect(rows(tab)).toHaveCount(before + 10)
  }
}

/** The row ids show no task twice; returns them. */
export async function expectUniqueRows(tab: Page, count: number): Promise<string[]> {
  const ids = await taskIds(tab)
  expect(ids).toHaveLength(count)
  expect(new Set(ids).size).toBe(count)
  return ids
}

/**
 * With three pages loaded: a change on the first page and one on the last both show, no row
 * twice, every page kept, the scroll position unchanged.
 */
export async function changesOnFirstAndLastPageShow({ tab, writer, acme }: ListTab): Promise<void> {
  const scrollBefore = await tab.evaluate(() => window.scrollY)
  await renameTask(writer, acme, await taskId(tab, 'Task 03'), 'Task 03 renamed')
  await renameTask(writer, acme, await taskId(tab, 'Task 27'), 'Task 27 renamed')
  await expect(tab.getByText('Task 03 renamed', { exact: true })).toBeVisible()
  await expect(tab.getByText('Task 27 renamed', { exact: true })).toBeAttached()
  await sleep(QUIET_MS)
  await expectUniqueRows(tab, 30)
  const titles = await taskTitles(tab)
  expect(titles[2]).toBe('Task 03 renamed')
  expect(titles[26]).toBe('Task 27 renamed')
  expect(titles[29]).toBe('Task 30')
  expect(Math.abs((await tab.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(5)
}

/** A removed task disappears and a new first task shows first; every page kept, no twice. */
export async function removedGoesAndAddedShows(list: ListTab): Promise<void> {
  const { tab, writer, acme } = list
  const count = (list.pages ?? 3) * 10
  const removed = await taskId(tab, 'Task 05')
  await writer.send('DELETE', `/accounts/${acme}/tasks/${removed}`, {})
  await expect(tab.locator(`[data-task-id="${removed}"]`)).toHaveCount(0)
  await expect(tab.getByText(`Task ${count + 1}`, { exact: true })).toBeAttached()
  await writer.send('POST', `/accounts/${acme}/tasks`, {
    task: { title: 'Task 00 new', position: 0 },
  })
  await expect(tab.getByText('Task 00 new', { exact: true })).toBeAttached()
  await sleep(QUIET_MS)
  await expectUniqueRows(tab, count)
  const titles = await taskTitles(tab)
  expect(titles[0]).toBe('Task 00 new')
  expect(titles).not.toContain('Task 05')
  expect(titles[count - 1]).toBe(`Task ${count}`)
}
