import { keepThroughReload } from './features/legacy-router.js'
import { listReloadOptions, type ListReload } from './features/window-reload.js'
import type { InertiaPage, InertiaReloadOptions } from './inertia-types.js'
import type { ReloadStrategy } from './types.js'

/** What the options of a sync reload are adjusted from. */
export interface ReloadOptionsContext {
  /** The router's own latest page (with Inertia's metadata), if it reported one yet. */
  routerPage(): InertiaPage | undefined
  /** The page the registry knows (what the reload strategy is given). */
  page: InertiaPage | null
  debug: boolean
  strategy: ReloadStrategy | undefined
  /** How the list props of this reload are reloaded (features/window-reload.ts). */
  lists: ListReload
}

/**
 * A sync reload's options as the page's Inertia features need them: list props composed from
 * their windows or reset (features/window-reload.ts); what the response must not lose (form errors, a
 * nested prop's other parts, which Inertia 2.x would drop); then the app's reload strategy.
 */
export function syncReloadOptions(
  base: InertiaReloadOptions,
  context: ReloadOptionsContext,
): InertiaReloadOptions {
  const shown = context.routerPage() ?? context.page
  const keep = keepThroughReload(() => (context.routerPage() ?? shown)?.props, base.only)
  const lists = listReloadOptions(base, context.lists, context.debug)
  const kept = {
    ...lists.options,
    onBeforeUpdate: (page: InertiaPage) => {
      keep(page)
      lists.apply(page)
    },
  }
  return context.strategy?.(kept, context.page) ?? kept
}
