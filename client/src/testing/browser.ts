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
 * Waits until the page's sync client is connected and every identifier has been answered
 * (`<html data-sync-ready="true">`). Use it after a visit, before making the change another tab
 * should see.
 *
 * @example
 * await page.goto('/accounts')
 * await waitForSync(page)
 */
export async function waitForSync(page: PlaywrightPageLike, options: WaitOptions = {}) {
  await page.waitForFunction(
    () => document.documentElement.dataset.syncReady === 'true',
    { min: 0 },
    options,
  )
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
