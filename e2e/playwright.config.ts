import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './support/chromium'

// Each test gets its own Rails server (production mode, async cable adapter)
// with a freshly seeded database; see support/fixtures.ts.
export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: './test-results',
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
