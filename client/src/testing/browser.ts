/**
 * The part of a Playwright `Page` these helpers use, typed structurally so the package does not
 * depend on Playwright.
 */
export interface PlaywrightPageLike {
  waitForFunction(
    pageFunction: (arg: { min: number }) => boolean,
    arg: { min: number },
    options?: { timeout?: number },
  ): Promise<unknown>
  evaluate<R>(pageFunction: () => R): Promise<R>
}

export interface WaitOptions {
  timeout?: number
}

/**
 * Waits until the page's sync client is ready (`<html data-sync-ready="true">`): the page has
 * rendered, is connected with every identifier subscribed (or follows nothing), and nothing is
 * pending. Use it after a visit, before making the change another tab should see. Fails at
 * once, naming the identifier and the server's code, when an identifier is refused
 * (`data-sync-state="error"`): such a page would never be ready.
 *
 * @example
 * await page.goto('/accounts')
 * await waitForSync(page)
 */
export async function waitForSync(page: PlaywrightPageLike, options: WaitOptions = {}) {
  await page.waitForFunction(
    () => {
      const { syncReady, syncState } = document.documentElement.dataset
      return syncReady === 'true' || syncState === 'error'
    },
    { min: 0 },
    options,
  )
  const refused = await page.evaluate(() => {
    const { syncReady, syncState, syncErrors } = document.documentElement.dataset
    return syncReady !== 'true' && syncState === 'error' ? (syncErrors ?? '') : null
  })
  if (refused !== null) {
    throw new Error(`inertia-sync: the page will not be ready: the server refused ${refused}`)
  }
}

/** Reads how many sync reloads the page has started (`data-sync-reloads`). */
export async function syncReloadCount(page: PlaywrightPageLike): Promise<number> {
  return page.evaluate(() => Number(document.documentElement.dataset.syncReloads ?? 0))
}

/** Waits until the page has started at least `min` sync reloads. */
export async function waitForSyncReloads(
  page: PlaywrightPageLike,
  min: number,
  options: WaitOptions = {},
) {
  await page.waitForFunction(
    ({ min }) => Number(document.documentElement.dataset.syncReloads ?? 0) >= min,
    { min },
    options,
  )
}

/**
 * For Capybara (or any driver that evaluates a JS expression): an expression that is true when
 * the page's sync client is ready.
 *
 * @example
 * # Ruby
 * assert page.evaluate_script(SYNC_READY_EXPRESSION)
 */
export const SYNC_READY_EXPRESSION = "document.documentElement.dataset.syncReady === 'true'"
