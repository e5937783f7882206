import { PAGE_PROP } from '../protocol.js'
import { topLevel } from '../prop-path.js'
import type { InertiaPage } from '../types.js'
import { composeWindow, withValueAt, type MergeResponse } from './list-merge.js'
import { listPropOf } from './list-props.js'
import { MAX_WINDOW, type ListWindows, type NoWindow, type WindowEntry } from './list-window.js'
import { fetchPartial, type RequestingPage } from './window-requests.js'

/**
 * A sync reload of list props (merged by Inertia) is a window reload: every request of each
 * prop's window (features/list-window.ts) is made again, and the responses composed, in one step,
 * into the value the sync reload's own response shows. No page twice, every loaded page fresh,
 * scroll and InfiniteScroll's page state untouched. A list prop without a usable window is reset
 * instead: it shows one page again, and debug mode says so.
 */

interface ScrollMetadata {
  scrollProps?: Record<string, unknown>
}

/** How the props of one sync reload are reloaded. */
export interface WindowPlan {
  /** List props with a window (prop path → its requests). */
  windowed: Map<string, WindowEntry[]>
  /** List props without one: reloaded with `reset`, from the current URL only. */
  reset: Array<{ prop: string; reason: NoWindow }>
}

export function planWindows(
  props: string[],
  page: InertiaPage | null,
  windows: ListWindows,
): WindowPlan {
  const plan: WindowPlan = { windowed: new Map(), reset: [] }
  for (const prop of props) {
    const window = windows.of(prop, page)
    if (Array.isArray(window)) plan.windowed.set(prop, window)
    else if (window) plan.reset.push({ prop, reason: window })
    else if (listPropOf(page, prop)) plan.reset.push({ prop, reason: 'unknown' })
  }
  return plan
}

/** The debug-mode warning for a list prop sync reloads with `reset` (one page). */
export function resetWarning(prop: string, reason: NoWindow): string {
  const why =
    reason === 'overflow'
      ? `more than ${MAX_WINDOW} requests built it`
      : 'sync did not see the requests that built it (the page was restored from history)'
  return `"${prop}" is a merged list and ${why}: a sync reload resets it to the current URL's page (the other loaded pages go away). See docs/inertia-features.md.`
}

const keyOf = (entry: WindowEntry) => `${entry.url}\n${JSON.stringify(entry.headers)}`

/** The requests of one window reload, then the composition of their responses. */
export class WindowReload {
  private readonly responses = new Map<string, MergeResponse>()

  constructor(
    private readonly windowed: Map<string, WindowEntry[]>,
    private readonly page: RequestingPage & ScrollMetadata,
  ) {}

  /** Makes every request (each distinct one once); rejects when one fails or `signal` aborts. */
  async fetch(signal: AbortSignal): Promise<void> {
    const requests = new Map<string, { entry: WindowEntry; props: Set<string> }>()
    for (const [prop, entries] of this.windowed) {
      for (const entry of entries) {
        const request = requests.get(keyOf(entry)) ?? { entry, props: new Set<string>() }
        requests.set(keyOf(entry), request.props.add(prop) && request)
      }
    }
    // One failure ends the others: the whole reload fails and is retried as one.
    const all = new AbortController()
    const abort = () => all.abort()
    signal.addEventListener('abort', abort)
    try {
      await Promise.all(
        [...requests].map(async ([key, { entry, props }]) => {
          try {
            this.responses.set(key, await fetchPartial(entry, [...props], this.page, all.signal))
          } catch (error) {
            all.abort()
            throw error
          }
        }),
      )
    } finally {
      signal.removeEventListener('abort', abort)
    }
  }

  /**
   * Puts the composed lists into the sync reload's response (its `onBeforeUpdate`), keeps the
   * page's scroll metadata (InfiniteScroll's next and previous page), and lowers the response's
   * cursor to the oldest of the window's: the composed lists are no newer than that.
   */
  apply(response: InertiaPage & ScrollMetadata): void {
    if (!response?.props || response.component !== this.page.component) return
    let props = response.props
    for (const [prop, entries] of this.windowed) {
      const parts = entries.map((entry) => this.responses.get(keyOf(entry)))
      if (parts.some((part) => part === undefined)) continue
      props = withValueAt(props, prop, composeWindow(prop, parts as MergeResponse[]))
      const scroll = this.page.scrollProps?.[topLevel(prop)]
      if (scroll !== undefined && response.scrollProps) {
        response.scrollProps = { ...response.scrollProps, [topLevel(prop)]: scroll }
      }
    }
    response.props = withOldestCursor(props, [...this.responses.values()])
  }
}

const cursorOf = (props: Record<string, unknown> | undefined): number | undefined => {
  const cursor = (props?.[PAGE_PROP] as { cursor?: unknown } | undefined)?.cursor
  return typeof cursor === 'number' ? cursor : undefined
}

function withOldestCursor(props: Record<string, unknown>, parts: MergeResponse[]) {
  const own = cursorOf(props)
  if (own === undefined) return props
  const oldest = Math.min(own, ...parts.map((part) => cursorOf(part.props) ?? own))
  if (oldest === own) return props
  return { ...props, [PAGE_PROP]: { ...(props[PAGE_PROP] as object), cursor: oldest } }
}

/** One sync reload's list props: how each is reloaded, and the props already warned about. */
export interface ListReload {
  plan: WindowPlan
  window: WindowReload | null
  /** List props already warned about in debug mode (once per prop). */
  warned: Set<string>
}

/**
 * The sync reload's options for its list props: those without a window reset (and, in debug
 * mode, a warning once per prop); `apply` puts the composed windows into its response.
 */
export function listReloadOptions<T extends { only: string[]; reset?: string[] }>(
  base: T,
  lists: ListReload,
  debug: boolean,
): { options: T; apply(page: InertiaPage): void } {
  const apply = (page: InertiaPage) => lists.window?.apply(page)
  if (lists.plan.reset.length === 0) return { options: base, apply }
  for (const { prop, reason } of lists.plan.reset) {
    if (!debug || lists.warned.has(prop)) continue
    lists.warned.add(prop)
    console.warn('[inertia-sync]', resetWarning(prop, reason))
  }
  const reset = [...new Set([...(base.reset ?? []), ...lists.plan.reset.map(({ prop }) => prop)])]
  return { options: { ...base, reset }, apply }
}
