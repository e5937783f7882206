/**
 * The router the registry is given: the real one, with the sync client's requests tagged for the
 * network (`X-Model-Sync` on its reloads, `X-Model-Full-Visit` on its full visits), the listeners
 * it adds counted (they must be gone after `destroy()`), and its reloads breakable on purpose.
 */
import { router } from '@inertiajs/core'
import type { InertiaRouter } from '../../src/index.js'
import type { Sabotage } from './harness.js'

type Headers = { headers?: Record<string, string> }

export interface SyncClientRouterHooks {
  /** Replaces the reloads (`Sabotage.reload`). */
  sabotage?: Sabotage['reload']
  /** The sync client makes a full visit of `url` (its own `router.visit`). */
  onFullVisit(url: string): void
  /** Router listeners the sync client added and has not removed. */
  listeners: { count: number }
}

export function syncClientRouter(hooks: SyncClientRouterHooks): InertiaRouter {
  const tagged = <T extends Headers>(options: T) =>
    ({ ...(options as object), headers: { ...options?.headers, 'X-Model-Sync': '1' } }) as never
  return new Proxy(router as unknown as InertiaRouter, {
    get: (target, key, receiver) => {
      if (key === 'reload') {
        const reload = (options: Headers) => router.reload(tagged(options))
        const sabotage = hooks.sabotage
        return sabotage ? (options: Record<string, unknown>) => sabotage(options, reload) : reload
      }
      if (key === 'visit') {
        return (url: string, options: Headers = {}) => {
          // The sync reload of the shown page's own URL, when the address bar names another
          // (src/core/shown-page-reload.ts): a reload, not a full visit.
          if ('preserveUrl' in options) {
            const reload = (reloadOptions: Headers) => router.visit(url, tagged(reloadOptions))
            const sabotage = hooks.sabotage
            return sabotage ? sabotage(options, reload) : reload(options)
          }
          hooks.onFullVisit(url)
          const headers = { ...options.headers, 'X-Model-Full-Visit': '1' }
          router.visit(url, { ...(options as object), headers } as never)
        }
      }
      if (key === 'on') {
        return (event: string, callback: (e: unknown) => unknown) => {
          const off = router.on(event as never, callback as never)
          hooks.listeners.count++
          let done = false
          return () => {
            if (!done) hooks.listeners.count--
            done = true
            off()
          }
        }
      }
      const value = Reflect.get(target, key, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
