/**
 * The parts of Inertia's router the real `SyncRegistry` uses, backed by a `Tab`: `reload()` fires
 * the events Inertia 3 fires, in its order (before, start, success, finish), performs a real
 * partial-reload GET with the headers listeners added, and calls the visit callbacks.
 */
import type { InertiaRouter } from 'inertia-sync'

type InertiaReloadOptions = Parameters<InertiaRouter['reload']>[0]
import type { Tab } from './tab.ts'

type Listener = (event: { detail: unknown }) => unknown

interface Visit {
  id: string
  url: string
  method: 'get'
  async: boolean
  prefetch: false
  only: string[]
  except: string[]
  headers: Record<string, string>
  completed: boolean
  cancelled: boolean
  interrupted: boolean
}

let visits = 0

export class RouterStub implements InertiaRouter {
  private readonly listeners = new Map<string, Set<Listener>>()

  constructor(private readonly tab: Tab) {}

  on(event: string, callback: (event: never) => unknown): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(callback as Listener)
    this.listeners.set(event, set)
    return () => set.delete(callback as Listener)
  }

  reload(options: InertiaReloadOptions): void {
    const visit: Visit = {
      id: `visit-${++visits}`,
      url: this.tab.page.url,
      method: 'get',
      async: options.async ?? true,
      prefetch: false,
      only: options.only,
      except: [],
      headers: {},
      completed: false,
      cancelled: false,
      interrupted: false,
    }
    this.emit('before', { visit })
    this.emit('start', { visit })
    options.onCancelToken?.({ cancel: () => undefined })
    void this.tab.reload(visit.only, visit.headers).then((page) => {
      if (page) {
        options.onBeforeUpdate?.(page as never)
        this.emit('success', { page, visitId: visit.id })
        visit.completed = true
      }
      this.emit('finish', { visit })
      options.onFinish?.(visit as never)
    })
  }

  private emit(event: string, detail: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ detail })
  }
}
