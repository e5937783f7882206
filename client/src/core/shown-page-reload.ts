import type { InertiaReloadOptions, InertiaRouter } from './inertia-types.js'
import { isBrowser } from './settings.js'

/**
 * Sends a sync reload to the page shown. Inertia's `router.reload` (2.x and 3.x) visits the
 * address bar's URL, which is the shown page's URL except in one state Inertia leaves behind: the
 * back button reached a history entry Inertia must load anew (its asset version is older than the
 * page's, after a deploy), and that load failed (a 500, a network error). The address bar then
 * names the entry the user went back to while the previous page is still shown, and a reload of
 * that URL would ask another page for this page's props.
 *
 * Then the reload visits the shown page's own URL, as `router.reload` would visit it, with
 * `preserveUrl`: the address bar and the history stay as Inertia left them. The alternatives were
 * worse: holding sync reloads until the user navigates keeps the tab stale (honestly reported,
 * but it does not converge on its own), and a reload that moved the address bar back (pushing or
 * replacing a history entry) would be a navigation the user never made, at whatever moment a
 * change arrives, and would drop the entry the user asked for. This way the shown page stays fresh
 * and ready; the address bar still names what the user asked for (a browser reload loads it), and
 * the user's next navigation brings both together again, as it would without sync.
 *
 * Only the path is compared: an app may change the query string itself (`history.replaceState`
 * for a filter, or Inertia's infinite scroll), and `router.reload` asking for that URL is what
 * the app expects.
 */
export function reloadShownPage(
  router: InertiaRouter,
  options: InertiaReloadOptions,
  shownUrl: string | undefined,
): void {
  if (!router.visit || !isBrowser() || shownUrl === undefined || !apart(shownUrl)) {
    router.reload(options)
    return
  }
  router.visit(shownUrl, {
    ...options,
    // What `router.reload` adds to a visit, in both Inertia 2.x and 3.x.
    preserveScroll: true,
    preserveState: true,
    async: true,
    headers: { ...options.headers, 'Cache-Control': 'no-cache' },
    preserveUrl: true,
  })
}

/** Whether the address bar's path is another than the shown page's. */
function apart(shownUrl: string): boolean {
  try {
    return new URL(shownUrl, window.location.href).pathname !== window.location.pathname
  } catch {
    return false
  }
}
