/**
 * Prefetched pages that depend on a change the tab has accepted must not be shown from Inertia's
 * prefetch cache. Apps tag their prefetches with the identifiers the target page syncs
 * (`<Link prefetch cacheTags={['Account:PNvAYr']}>`); an accepted marker flushes those tags.
 */

/** What sync does to the prefetch cache when it accepts a marker. */
export type PrefetchInvalidation =
  /** Flush prefetches tagged with the marker's identifier (or its record's). The default. */
  | 'tags'
  /** Flush every prefetched page (for apps that do not tag their prefetches). */
  | 'all'
  /** Leave the prefetch cache alone. */
  | 'off'

/** The parts of Inertia's router that manage the prefetch cache (v2.1+ and v3). */
export interface PrefetchCache {
  flushAll?(): void
  flushByCacheTags?(tags: string | string[]): void
}

/**
 * The cache tags a marker for `identifier` invalidates: the identifier itself and, for a
 * collection (`Account:PNvAYr/account_users`), its record (`Account:PNvAYr`), whose page shows it.
 */
export function prefetchTagsFor(identifier: string): string[] {
  const slash = identifier.indexOf('/')
  return slash > 0 ? [identifier, identifier.slice(0, slash)] : [identifier]
}

/** Flushes what an accepted marker for `identifier` makes stale; returns what it did. */
export function invalidatePrefetched(
  router: PrefetchCache,
  identifier: string,
  mode: PrefetchInvalidation,
): 'tags' | 'all' | 'none' {
  if (mode === 'off') return 'none'
  if (mode === 'all' || typeof router.flushByCacheTags !== 'function') {
    // Without tag support (Inertia before 2.1) the only safe choice is the whole cache.
    if (typeof router.flushAll !== 'function') return 'none'
    router.flushAll()
    return 'all'
  }
  router.flushByCacheTags(prefetchTagsFor(identifier))
  return 'tags'
}

/** Flushes the prefetches each accepted marker makes stale (`mode` read at each marker). */
export function flushOnMarker(
  events: {
    on(event: 'marker', callback: (payload: { marker: { identifier: string } }) => void): unknown
  },
  router: () => unknown,
  mode: () => PrefetchInvalidation | undefined,
): void {
  events.on('marker', ({ marker }) => {
    const cache = router() as PrefetchCache | null
    if (cache) invalidatePrefetched(cache, marker.identifier, mode() ?? 'tags')
  })
}
