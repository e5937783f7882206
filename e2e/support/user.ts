import type { Page } from '@playwright/test'
import { waitForSync } from 'inertia-sync/testing'
import { accountId } from './observe'
import { Writer } from './writer'

/** How long a tab has to react to a marker: debounce (300 ms) + max wait margin. */
export const QUIET_MS = 1500

/** Opens a signed-in tab of `email` on `path`; tabs of one user share cookies. */
export type SignIn = (email: string, path?: string) => Promise<Page>

/**
 * One signed-in user of the seeded demo: a first tab on /accounts (`home`), more tabs in the same
 * browser context, and a `writer` that changes data through `home` the way another tab would.
 */
export class User {
  readonly writer: Writer

  private constructor(
    readonly email: string,
    readonly home: Page,
    private readonly signIn: SignIn,
  ) {
    this.writer = new Writer(home)
  }

  static async signIn(signIn: SignIn, email: string): Promise<User> {
    return new User(email, await signIn(email), signIn)
  }

  /** Another tab of this user on `path` (not waited for: see `syncedTab`). */
  tab(path = '/accounts'): Promise<Page> {
    return this.signIn(this.email, path)
  }

  /** Another tab of this user on `path`, once it is in sync. */
  async syncedTab(path = '/accounts'): Promise<Page> {
    const page = await this.tab(path)
    await waitForSync(page)
    return page
  }

  /** The obfuscated id of the account `name`, read from the home tab's aside. */
  accountId(name: string): Promise<string> {
    return accountId(this.home, name)
  }
}

/** Waits until every page's sync client is connected and every identifier answered. */
export async function synced(...pages: Page[]): Promise<void> {
  for (const page of pages) await waitForSync(page)
}

/** Renames the selected account through the page's own edit form, as the user would. */
export async function renameInForm(page: Page, name: string): Promise<void> {
  await page.click('[data-test="edit-account"]')
  await page.fill('[name="name"]', name)
  await page.click('[type="submit"]')
}
