import { act, render, renderHook } from '@testing-library/react'
import { createElement, useLayoutEffect } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SyncRegistry, type InertiaRouter } from '../src/index.js'
import { buildIdentifier, useSyncStatus, useSyncWithRails } from '../src/react/index.js'
import { createFakeConsumer, type FakeCable } from '../src/testing/index.js'

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

describe('React adapter', () => {
  it('subscribes while mounted and follows changed identifiers', async () => {
    const { rerender, unmount } = renderHook(
      ({ id }: { id: string | null }) =>
        useSyncWithRails(
          { 'Account:all': 'accounts', [String(buildIdentifier('Account', id))]: 'selected' },
          { registry },
        ),
      { initialProps: { id: 'A1xxxx' as string | null } },
    )
    await act(() => cable.settle())
    expect(cable.subscribedTo).toEqual(['Account:all', 'Account:A1xxxx'])

    rerender({ id: 'B2yyyy' })
    await act(() => cable.settle())
    expect(cable.subscribedTo).toEqual(['Account:all', 'Account:A1xxxx', 'Account:B2yyyy'])
    expect(cable.unsubscribedFrom).toEqual(['Account:A1xxxx'])

    rerender({ id: null })
    expect(Object.keys(registry.getStatus().identifiers)).toEqual(['Account:all'])

    unmount()
    await act(() => cable.settle())
    expect(registry.getStatus().total).toBe(0)
  })

  it('does not resubscribe when re-rendered with equal mappings', async () => {
    const { rerender } = renderHook(() =>
      useSyncWithRails({ 'Account:all': 'accounts' }, { registry }),
    )
    await act(() => cable.settle())
    rerender()
    rerender()
    await act(() => cable.settle())
    expect(cable.performed).toHaveLength(1)
  })

  it('holds the reloads of its props while holdWhile() is true, and sends them once it ends', async () => {
    const released = vi.spyOn(registry as unknown as { released(): void }, 'released')
    const { rerender } = renderHook(
      ({ dirty }: { dirty: boolean }) =>
        useSyncWithRails({ 'Task:T1xxxx': 'task' }, { registry, holdWhile: () => dirty }),
      { initialProps: { dirty: true } },
    )
    await act(() => cable.settle())
    cable.deliver({ identifier: 'Task:T1xxxx', action: 'update', version: 2 })
    registry.performReload()
    expect(reload).not.toHaveBeenCalled()
    expect(registry.getStatus().pending).toEqual(['task'])

    released.mockClear()
    rerender({ dirty: false })
    expect(released).toHaveBeenCalled()
    registry.performReload()
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('exposes the status', async () => {
    const { result } = renderHook(() => useSyncStatus({ registry }))
    expect(result.current.connection).toBe('idle')
    act(() => registry.subscribe('Account:all', 'accounts'))
    await act(() => cable.settle())
    expect(result.current.connection).toBe('connected')
    expect(result.current.ready).toBe(true)
    act(() => cable.disconnect())
    expect(result.current.connection).toBe('disconnected')
  })

  it('binds its mappings when React commits the page, before the page is counted as rendered', () => {
    // The registry counts a page as rendered from the first task after the router showed it;
    // React runs passive effects in a later task, layout effects in the commit itself. A parent's
    // layout effect runs after its children's: by then the child's mappings must be bound.
    const seen: number[] = []
    const Child = () => {
      useSyncWithRails({ 'Account:all': 'accounts' }, { registry })
      return null
    }
    const Page = () => {
      useLayoutEffect(() => {
        seen.push(registry.getStatus().total)
      }, [])
      return createElement(Child)
    }
    const { unmount } = render(createElement(Page))
    expect(seen).toEqual([1])
    unmount()
  })
})
