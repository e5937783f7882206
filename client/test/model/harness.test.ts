/**
 * The model's invariants can fail: each test breaks the client on purpose (through the router it
 * is given, or its own methods) and expects the matching violation.
 */
import { describe, expect, it } from 'vitest'
import type { InertiaRouter } from '../../src/index.js'
import { runTrace, type Invariant, type Sabotage } from './harness.js'
import type { Trace } from './trace.js'

const commitShown: Trace = {
  net: 1,
  ops: [{ t: 100, kind: 'commit', ids: ['Account:all'], gap: 0, delays: [5] }],
}
const failingReload: Trace = {
  net: 1,
  ops: [{ t: 0, kind: 'fail', what: '500', target: 'sync' }, ...commitShown.ops],
}

async function invariantsBroken(trace: Trace, sabotage: Sabotage): Promise<Invariant[]> {
  const { violations } = await runTrace(trace, { sabotage })
  return [...new Set(violations.map((v) => v.invariant))]
}

describe('model harness', () => {
  it('passes an untouched client on a simple trace', async () => {
    expect(await invariantsBroken(commitShown, {})).toEqual([])
  })

  it('sees a tab that never reloads (convergence)', async () => {
    expect(await invariantsBroken(commitShown, { reload: () => {} })).toContain('convergence')
  })

  it('sees a status that says ready while stale (ready-honest)', async () => {
    const sabotage: Sabotage = {
      reload: () => {},
      registry: (registry) => {
        const real = registry.getStatus.bind(registry)
        registry.getStatus = () => ({ ...real(), ready: true })
      },
    }
    expect(await invariantsBroken(commitShown, sabotage)).toContain('ready-honest')
  })

  it('sees a ready status while a followed prop is behind what the client was told (ready-while-stale)', async () => {
    const sabotage: Sabotage = {
      reload: () => {},
      registry: (registry) => {
        const on = registry.on.bind(registry) as (e: string, cb: (s: unknown) => void) => () => void
        const status = registry.getStatus.bind(registry)
        registry.getStatus = () => ({ ...status(), ready: true })
        ;(registry as { on: unknown }).on = (event: string, callback: (s: unknown) => void) =>
          on(event, (detail) =>
            callback(event === 'status' ? { ...(detail as object), ready: true } : detail),
          )
      },
    }
    expect(await invariantsBroken(commitShown, sabotage)).toContain('ready-while-stale')
  })

  it('sees two sync reloads in flight (overlap)', async () => {
    const twice: Sabotage['reload'] = (options, reload) => {
      reload(options)
      reload({ ...options, onCancelToken: undefined, onFinish: undefined })
    }
    expect(await invariantsBroken(commitShown, { reload: twice })).toContain('overlap')
  })

  it('sees a reload asking for a prop the page does not have (foreign-props)', async () => {
    const extra: Sabotage['reload'] = (options, reload) =>
      reload({ ...options, only: [...(options.only as string[]), 'users'] })
    expect(await invariantsBroken(commitShown, { reload: extra })).toContain('foreign-props')
  })

  it('sees a failed reload reaching Inertia (background-failure)', async () => {
    const bare: Sabotage['reload'] = (options, reload) =>
      reload({ ...options, onHttpException: undefined, onNetworkError: undefined })
    expect(await invariantsBroken(failingReload, { reload: bare })).toContain('background-failure')
  })

  it('sees more full visits than conflicts (full-visits)', async () => {
    const deployed: Trace = { net: 1, ops: [{ t: 0, kind: 'deploy' }, ...commitShown.ops] }
    const sabotage: Sabotage = {
      // A full visit of its own for the same deploy, besides Inertia's answer to the 409.
      registry: (registry) => {
        const parts = (registry as unknown as { parts: { bridge: { attached: InertiaRouter } } })
          .parts
        registry.on('reloaded', ({ outcome }) => {
          if (outcome === 'failed') parts.bridge.attached.visit?.(window.location.href)
        })
      },
    }
    expect(await invariantsBroken(deployed, {})).toEqual([])
    expect(await invariantsBroken(deployed, sabotage)).toContain('full-visits')
  })

  it('sees what destroy() leaves behind (destroy-leftovers)', async () => {
    const sabotage: Sabotage = { registry: (registry) => (registry.destroy = () => {}) }
    expect(await invariantsBroken(commitShown, sabotage)).toContain('destroy-leftovers')
  })
})
