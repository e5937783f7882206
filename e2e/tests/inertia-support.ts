import { expect, type Page, type Request } from '@playwright/test'
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

/**
 * Scrolls to the end of the list until `count` rows show (infinite scroll loads as it goes).
 *
 * One page load at a time: it jumps to the end only while no page request is in flight, waits for
 * a request it started to finish and its rows to show, and jumps again only when a jump loaded
 * nothing. A smooth scroll (a mouse wheel) still running when the new rows arrive, or a scroll while
 * a page loads, would carry on to the new end and load one page too many.
 */
export async function scrollUntilRows(page: Page, count: number): Promise<void> {
  const rows = page.locator('[data-test="task"]')
  const loads = new PageLoads(page)
  try {
    const deadline = Date.now() + 30_000
    for (;;) {
      await loads.settled()
      const shown = await rows.count()
      if (shown >= count) return
      if (Date.now() > deadline) throw new Error(`only ${shown} of ${count} rows showed`)
      const started = loads.nextStart(2000)
      await scrollToEnd(page)
      if (!(await started)) continue // the scroll reached no trigger: scroll again
      await loads.settled()
      await expect(rows).not.toHaveCount(shown, { timeout: 15_000 })
    }
  } finally {
    loads.stop()
  }
}

/** Jumps to the end of the document at once (no smooth scrolling that outlives the call). */
async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(() =>
    window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }),
  )
}

/** The infinite scroll's page requests of one tab (they carry Inertia's merge-intent header). */
class PageLoads {
  private inFlight = new Set<Promise<unknown>>()
  private starts: Array<() => void> = []
  private readonly onRequest = (request: Request) => {
    if (!request.headers()['x-inertia-infinite-scroll-merge-intent']) return
    const done = request.response().catch(() => null)
    this.inFlight.add(done)
    void done.then(() => this.inFlight.delete(done))
    for (const started of this.starts.splice(0)) started()
  }

  constructor(private readonly page: Page) {
    page.on('request', this.onRequest)
  }

  /** Resolves true when a page request starts within `ms`, false otherwise. */
  nextStart(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms)
      this.starts.push(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  /** Waits until no page request is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  stop(): void {
    this.page.off('request', this.onRequest)
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
