import { mappingPairs, type SyncMappings } from './mappings.js'
import type { SyncRegistry } from './registry.js'
import type { InertiaPage, InertiaRouter } from './types.js'

/** What an adapter knows about its framework's Inertia: the router, and maybe the page showing. */
export interface FrameworkInertia {
  router: InertiaRouter
  /** The page showing, when the framework adapter can read it at component init. */
  page?: () => InertiaPage | null | undefined
}

/**
 * The one binding every framework adapter uses: injects the framework's router unless the app
 * configured one, tells the registry which page shows, and subscribes `mappings` until the
 * returned function is called (a component's cleanup). `isHeld`, when given, holds the sync reloads of
 * these props while it returns true (a form with unsaved input bound to them).
 */
export function bindMappings(
  registry: SyncRegistry,
  mappings: SyncMappings | null | undefined,
  inertia: FrameworkInertia,
  isHeld?: (() => boolean) | null,
): () => void {
  if (!registry.hasRouter) registry.configure({ router: inertia.router })
  // The router's first `navigate` may come after the first components init: say which page (and
  // cursor) these mappings belong to.
  const page = inertia.page?.()
  if (page?.component)
    registry.setPage({ component: page.component, url: page.url, props: page.props })
  const pairs = mappingPairs(mappings)
  for (const [identifier, prop] of pairs) registry.subscribe(identifier, prop)
  const props = isHeld ? [...new Set(pairs.map(([, prop]) => prop))] : []
  const releases = props.map((prop) => registry.hold(prop, isHeld!))
  return () => {
    for (const release of releases) release()
    for (const [identifier, prop] of pairs) registry.unsubscribe(identifier, prop)
  }
}
