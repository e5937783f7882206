// @vitest-environment node
import { describe, expect, it } from 'vitest'

describe('SSR', () => {
  it('imports and runs without a window', async () => {
    expect(typeof window).toBe('undefined')
    const core = await import('../src/index.js')
    const testing = await import('../src/testing/index.js')
    const react = await import('../src/react/index.js')
    const vue = await import('../src/vue/index.js')
    expect(typeof react.useSyncWithRails).toBe('function')
    expect(typeof vue.syncWithRails).toBe('function')

    const cable = testing.createFakeConsumer()
    const registry = new core.SyncRegistry({ consumer: cable })
    registry.subscribe('Account:all', 'accounts')
    registry.performReload()
    await registry.connect()
    expect(cable.channels).toHaveLength(0)
    expect(registry.getStatus()).toMatchObject({ connection: 'idle', total: 0 })

    core.syncRegistry.subscribe('Account:all', 'accounts')
    core.configure({ debounceMs: 10 })
    expect(core.syncRegistry.getStatus().total).toBe(0)
    registry.destroy()
  })
})
