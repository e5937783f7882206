import type { InertiaPage } from '../types.js'

/**
 * Props that Inertia merges into what the page already shows (`InertiaRails.merge`,
 * `deep_merge`, `scroll`) instead of replacing. A sync reload of such a prop asks the server for
 * the current URL's page again: merged, that page is appended a second time (or, matched on an
 * id, only that page is refreshed). These helpers read the page's merge metadata so sync can
 * choose how to reload such a prop, and warn where it cannot do it correctly.
 */

/** The page fields Inertia 2.x and 3.x use for merge metadata. */
interface MergeMetadata {
  mergeProps?: string[]
  prependProps?: string[]
  deepMergeProps?: string[]
  matchPropsOn?: string[]
  scrollProps?: Record<string, { pageName?: string; currentPage?: unknown; reset?: boolean }>
}

export interface ListProp {
  /** How Inertia combines a response with what the page shows. */
  merge: 'append' | 'prepend' | 'deep'
  /** `match_on` keys under the prop (`id` of `tasks.id`): items are upserted, not added. */
  matchOn: string[]
  /** Set for infinite-scroll props: the query parameter that names a page. */
  pageName?: string
}

/** How a sync reload of a prop should be made. */
export type ListReloadPlan =
  | { kind: 'replace' }
  /** Matched on ids: a reload upserts, never duplicates; only the requested page is refreshed. */
  | { kind: 'upsert'; prop: ListProp }
  /** Appended or prepended: a plain reload would duplicate the requested page. */
  | { kind: 'window'; prop: ListProp }

const within = (path: string, prop: string) => path === prop || path.startsWith(`${prop}.`)

/** The merge metadata of `prop` on `page` (a path, as in `only`), or null for a plain prop. */
export function listPropOf(page: InertiaPage | null, prop: string): ListProp | null {
  const meta = (page ?? {}) as MergeMetadata
  const touches = (paths: string[] | undefined) =>
    (paths ?? []).some((path) => within(path, prop) || within(prop, path))
  const merge = touches(meta.deepMergeProps)
    ? 'deep'
    : touches(meta.prependProps)
      ? 'prepend'
      : touches(meta.mergeProps)
        ? 'append'
        : null
  const scroll = meta.scrollProps?.[prop]
  if (merge === null && !scroll) return null
  const matchOn = (meta.matchPropsOn ?? [])
    .filter((key) => key.startsWith(`${prop}.`))
    .map((key) => key.slice(prop.length + 1))
  return {
    merge: merge ?? 'append',
    matchOn,
    ...(scroll?.pageName && { pageName: scroll.pageName }),
  }
}

/** Chooses how a sync reload of `prop` should be made on `page`. */
export function planListReload(page: InertiaPage | null, prop: string): ListReloadPlan {
  const list = listPropOf(page, prop)
  if (!list) return { kind: 'replace' }
  return list.matchOn.length > 0 ? { kind: 'upsert', prop: list } : { kind: 'window', prop: list }
}

/**
 * What to tell the developer (debug mode) about the list props of a sync reload, once per prop:
 * the cases sync cannot yet reload correctly with one request.
 */
export function listPropWarnings(
  page: InertiaPage | null,
  props: string[],
  warned: Set<string>,
): string[] {
  const warnings: string[] = []
  for (const prop of props) {
    const plan = planListReload(page, prop)
    if (plan.kind === 'replace' || warned.has(prop)) continue
    warned.add(prop)
    warnings.push(
      plan.kind === 'upsert'
        ? `"${prop}" is a merge prop matched on ${plan.prop.matchOn.join(', ')}: a sync reload refreshes only the page in the current URL; items of other loaded pages stay as they were until reloaded.`
        : `"${prop}" is a merge prop without match_on: a sync reload appends the current URL's page again (duplicate items). Add match_on (InertiaRails.merge(match_on: "id")) so items are upserted, or sync a prop that is not merged; see docs/inertia-features.md.`,
    )
  }
  return warnings
}

/**
 * Adjusts a sync reload so it never corrupts a list: props that would be appended again are
 * reset instead (the server then sends them unmerged, and Inertia replaces the list). Not wired
 * into the registry yet: in Chromium the reset reload did not show the change (to investigate).
 */
export function listSafeReload<T extends { only: string[]; reset?: string[] }>(
  options: T,
  page: InertiaPage | null,
): T {
  const reset = options.only.filter((prop) => planListReload(page, prop).kind === 'window')
  if (reset.length === 0) return options
  return { ...options, reset: [...new Set([...(options.reset ?? []), ...reset])] }
}
