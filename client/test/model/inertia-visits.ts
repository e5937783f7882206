/**
 * Inertia's own visits (the back button reloading a page whose history entry is missing or from
 * another asset version, a redirect it follows) belong to the user's navigation: Inertia shows
 * their failures in a real browser too, whatever the sync client does. They are quieted as the
 * user's own visits are, so the checks see only the sync client's requests (a redirect carries
 * the headers, hence the sync-ness, of the request it answers).
 */
import { router } from '@inertiajs/core'

type Headers = { headers?: Record<string, string> }

/** Patches the shared `router.visit` for one run; the cleanup it pushes restores it. */
export function quietInertiasOwnVisits(cleanups: Array<() => void>): void {
  const visit = router.visit
  const quietByDefault = (options: Headers = {}) =>
    options.headers?.['X-Model-Sync'] === '1' || options.headers?.['X-Model-Full-Visit'] === '1'
      ? options
      : { onNetworkError: () => false, onHttpException: () => false, ...options }
  // Inertia adds its internal listeners at every `router.init` and never removes them: in one
  // process the back button of run n fired n identical reloads of the page (one per run so far)
  // where a document has one router, and a trace failed only after other runs. The first of
  // such a burst (all in one turn) is the document's own; the rest are earlier runs' leftovers.
  let missingItemBurst = false
  router.visit = function (this: typeof router, href: string | URL, options?: object) {
    if (isMissingHistoryItemVisit(href, options)) {
      if (missingItemBurst) return
      missingItemBurst = true
      queueMicrotask(() => (missingItemBurst = false))
    }
    return visit.call(this, href, quietByDefault(options) as never)
  } as typeof router.visit
  cleanups.push(() => delete (router as { visit?: unknown }).visit)
}

/** The visit Inertia makes when the back button finds no usable history entry for the page. */
function isMissingHistoryItemVisit(href: string | URL, options: object | undefined): boolean {
  const keys = Object.keys(options ?? {})
    .sort()
    .join(',')
  return String(href) === window.location.href && keys === 'preserveScroll,preserveState,replace'
}
