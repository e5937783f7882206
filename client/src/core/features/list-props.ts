import type { InertiaPage } from '../types.js'

/**
 * Props that Inertia merges into what the page already shows (`InertiaRails.merge`,
 * `deep_merge`, `scroll`) instead of replacing. A plain sync reload of such a prop would ask the
 * server for the current URL's page again and merge it a second time; sync reloads them by their
 * window instead (features/list-window.ts). This reads the page's merge metadata.
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
