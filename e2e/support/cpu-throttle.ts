import type { Browser, BrowserContext, Page } from '@playwright/test'

/**
 * `E2E_CPU_THROTTLE=4 npx playwright test` slows every tab's CPU fourfold (Chromium's DevTools
 * CPU throttling), the way a loaded CI machine does: a test that holds only on a fast machine
 * shows itself. Off (1) by default.
 */
export function cpuThrottleRate(): number {
  const value = process.env.E2E_CPU_THROTTLE
  if (value === undefined || value === '') return 1
  const rate = Number(value)
  if (!Number.isFinite(rate) || rate < 1) {
    throw new Error(`E2E_CPU_THROTTLE must be a number of at least 1 (a slowdown), got "${value}"`)
  }
  return rate
}

/** Throttles every page of every context the browser opens from now on (fixtures and tests alike). */
export function throttleEveryContext(browser: Browser, rate: number): void {
  if (rate === 1) return
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (...args) => {
    const context = await newContext(...args)
    throttlePages(context, rate)
    return context
  }
}

function throttlePages(context: BrowserContext, rate: number): void {
  context.on('page', (page) => void throttle(page, rate))
}

async function throttle(page: Page, rate: number): Promise<void> {
  const session = await page.context().newCDPSession(page)
  await session.send('Emulation.setCPUThrottlingRate', { rate })
}
