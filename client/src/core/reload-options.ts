import { keepThroughReload } from './features/legacy-router.js'
import { listPropWarnings } from './features/list-props.js'
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
  /** List props already warned about in debug mode (features/list-props.ts). */
  warnedListProps: Set<string>
}

/**
 * A sync reload's options as the page's Inertia features need them: in debug mode, a warning for
 * list props sync cannot reload correctly yet; what the response must not lose (form errors, a
 * nested prop's other parts, which Inertia 2.x would drop); then the app's reload strategy.
 */
export function syncReloadOptions(
  base: InertiaReloadOptions,
  context: ReloadOptionsContext,
): InertiaReloadOptions {
  const shown = context.routerPage() ?? context.page
  if (context.debug) {
    for (const warning of listPropWarnings(shown ?? null, base.only, context.warnedListProps)) {
      console.warn('[inertia-sync]', warning)
    }
  }
  const keep = keepThroughReload(() => (context.routerPage() ?? shown)?.props, base.only)
  const kept = { ...base, onBeforeUpdate: keep }
  return context.strategy?.(kept, context.page) ?? kept
}
