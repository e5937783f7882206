import { expect, type Page } from '@playwright/test'
import { accountId } from '../support/observe'
import { Writer } from '../support/writer'

// Shared steps of the inertia-*.spec.ts files: the demo's feature pages (tasks, overview).

export { QUIET_MS } from '../support/user'

/** Signs in page `page` is already on /accounts: the obfuscated id of Acme (45 tasks). */
export const acmeId = (page: Page) => accountId(page, 'Acme')

/** The titles of the task rows, top to bottom. */
export async function taskTitles(page: Page): Promise<string[]> {
  return page.locator('[data-test="task-title"]').allTextContents()
}

/** The ids of the task rows, top to bottom. */
export async function taskIds(page: Page): Promise<string[]> {
  return page
    .locator('[data-test="task"]')
    .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.taskId ?? ''))
}

/** The id of the row titled `title`. */
export async function taskId(page: Page, title: string): Promise<string> {
  const id = await page
    .locator('[data-test="task"]', { has: page.getByText(title, { exact: true }) })
    .first()
    .getAttribute('data-task-id')
  if (!id) throw new Error(`No task row titled ${title}`)
  return id
}

export async function renameTask(
  writer: Writer,
  account: string,
  task: string,
  title: string,
): Promise<void> {
  await writer.send('PATCH', `/accounts/${account}/tasks/${task}`, { task: { title } })
}

/** Scrolls to the end of the list until `count` rows show (infinite scroll loads as it goes). */
export async function scrollUntilRows(page: Page, count: number): Promise<void> {
  const rows = page.locator('[data-test="task"]')
  // One scroll at a time, each waited for (a page may take seconds on a busy machine): scrolling
  // again while a page loads would load one page too many.
  const deadline = Date.now() + 30_000
  let shown = await rows.count()
  while (shown < count) {
    if (Date.now() > deadline) throw new Error(`only ${shown} of ${count} rows showed`)
    await rows.last().scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 2000)
    await expect
      .poll(() => rows.count(), { timeout: 3000 })
      .toBeGreaterThan(shown)
      .catch(() => undefined) // not loaded yet: scroll again
    shown = await rows.count()
  }
}

/** Records every text the page's <h1> shows from now on (to catch a stale flash). */
export async function recordHeadings(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { __headings: string[] }).__headings = seen
    const note = () => {
      const text = document.querySelector('h1')?.textContent ?? ''
      if (seen[seen.length - 1] !== text) seen.push(text)
    }
    note()
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    })
  })
  return () => page.evaluate(() => (window as unknown as { __headings: string[] }).__headings)
}
