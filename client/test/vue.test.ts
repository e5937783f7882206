import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { SyncRegistry, type InertiaRouter } from '../src/index.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'
import { buildIdentifier, syncWithRails, useSyncStatus } from '../src/vue/index.js'

let cable: FakeCable
let registry: SyncRegistry
let reload: ReturnType<typeof vi.fn<(options: unknown) => void>>

beforeEach(() => {
  cable = createFakeConsumer()
  reload = vi.fn<(options: unknown) => void>()
  const router: InertiaRouter = { reload: (options) => reload(options), on: () => () => {} }
  registry = new SyncRegistry({ consumer: cable, router })
})
afterEach(() => registry.destroy())

describe('Vue adapter', () => {
  it('subscribes for the scope and follows a reactive getter', async () => {
    const id = ref<string | null>('A1xxxx')
    const scope = effectScope()
    scope.run(() =>
      syncWithRails(
        () => ({
          'Account:all': 'accounts',
          [String(buildIdentifier('Account', id.value))]: 'selected',
        }),
        { registry },
      ),
    )
    await cable.settle()
    expect(cable.subscribedTo).toEqual(['Account:all', 'Account:A1xxxx'])

    id.value = 'B2yyyy'
    await nextTick()
    await cable.settle()
    expect(cable.subscribedTo.at(-1)).toBe('Account:B2yyyy')
    expect(cable.unsubscribedFrom).toEqual(['Account:A1xxxx'])

    scope.stop()
    await cable.settle()
    expect(registry.getStatus().total).toBe(0)
  })

  it('holds the reloads of its props while holdWhile() is true, and sends them once it ends', async () => {
    const released = vi.spyOn(registry as unknown as { released(): void }, 'released')
    const dirty = ref(true)
    const scope = effectScope()
    scope.run(() =>
      syncWithRails({ 'Task:T1xxxx': 'task' }, { registry, holdWhile: () => dirty.value }),
    )
    await cable.settle()
    cable.deliver({ identifier: 'Task:T1xxxx', action: 'update', version: 2 })
    registry.performReload()
    expect(reload).not.toHaveBeenCalled()
    expect(registry.getStatus().pending).toEqual(['task'])

    dirty.value = false
    await nextTick()
    expect(released).toHaveBeenCalled()
    registry.performReload()
    expect(reload).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('exposes the status as a ref', async () => {
    const scope = effectScope()
    const status = scope.run(() => useSyncStatus({ registry }))!
    expect(status.value.connection).toBe('idle')
    registry.subscribe('Account:all', 'accounts')
    await cable.settle()
    expect(status.value.connection).toBe('connected')
    scope.stop()
    cable.disconnect()
    expect(status.value.connection).toBe('connected') // no longer listening
  })
})
