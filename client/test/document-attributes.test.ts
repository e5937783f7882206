import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reflectOnDocument } from '../src/core/status.js'
import { SYNC_READY_EXPRESSION } from '../src/testing/index.js'

// The attributes system tests wait on, as contract/protocol.json names them (the gem's
// InertiaSync::SystemTestHelper reads the same list).
const attributes: Record<string, string> = JSON.parse(
  readFileSync(resolve(process.cwd(), '../contract/protocol.json'), 'utf8'),
).documentAttributes

describe('<html data-sync-*> (contract/protocol.json documentAttributes)', () => {
  it('reflects the status under the names the contract gives', () => {
    reflectOnDocument({
      connection: 'connected',
      enabled: true,
      identifiers: {},
      subscribed: 2,
      total: 3,
      ready: false,
      state: 'error',
      errors: [{ identifier: 'Account:PNvAYr', code: 'unauthorized', error: 'Unauthorized' }],
      reloads: 4,
    } as never)
    const html = document.documentElement

    expect(html.getAttribute(attributes.connection!)).toBe('connected')
    expect(html.getAttribute(attributes.subscriptions!)).toBe('2/3')
    expect(html.getAttribute(attributes.ready!)).toBe('false')
    expect(html.getAttribute(attributes.reloads!)).toBe('4')
    expect(html.getAttribute(attributes.state!)).toBe('error')
    expect(html.getAttribute(attributes.errors!)).toBe('Account:PNvAYr (unauthorized)')
    expect(new Function(`return ${SYNC_READY_EXPRESSION}`)()).toBe(false)
  })
})
