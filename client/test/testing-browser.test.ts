import { afterEach, describe, expect, it } from 'vitest'
import { waitForSync, type PlaywrightPageLike } from '../src/testing/index.js'

/** A Playwright page stand-in running on jsdom's document: a wait either holds now or times out. */
const page: PlaywrightPageLike = {
  async waitForFunction(check, arg) {
    if (!check(arg)) throw new Error('Timeout exceeded')
  },
  async evaluate(read) {
    return read()
  },
}

const html = document.documentElement

describe('waitForSync', () => {
  afterEach(() => {
    for (const name of ['syncReady', 'syncState', 'syncErrors']) delete html.dataset[name]
  })

  it('resolves once the page is ready', async () => {
    Object.assign(html.dataset, { syncReady: 'true', syncState: 'ready', syncErrors: '' })
    await expect(waitForSync(page)).resolves.toBeUndefined()
  })

  it('keeps waiting while the page syncs', async () => {
    Object.assign(html.dataset, { syncReady: 'false', syncState: 'syncing' })
    await expect(waitForSync(page)).rejects.toThrow('Timeout exceeded')
  })

  it('fails at once, naming the refused identifier and its code', async () => {
    Object.assign(html.dataset, {
      syncReady: 'false',
      syncState: 'error',
      syncErrors: 'Account:PNvAYr (unauthorized)',
    })
    await expect(waitForSync(page)).rejects.toThrow(
      'inertia-sync: the page will not be ready: the server refused Account:PNvAYr (unauthorized)',
    )
  })
})
