import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './support/chromium'

// Each test gets its own Rails server (production mode, async cable adapter)
// with a freshly seeded database; see support/fixtures.ts.
export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  // No retries: a retry would hide the races in the product these tests exist to find.
  retries: 0,
  // Budgets for a slow, loaded CI machine (2 shared cores): a test of four signed-in tabs takes
  // 45 s there. Only a hang ever uses them up; a stale tab fails on what it shows, not on time.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: './test-results',
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
