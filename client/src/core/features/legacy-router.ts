import type { InertiaPage, InertiaVisit } from '../types.js'

/**
 * Inertia 2.x lacks two things sync relies on in 3.x: visit ids (3.x puts one on every visit and
 * on the page events it causes) and `preserveErrors` (without it each sync reload wipes the
 * form errors on the page). It also replaces a whole top-level prop on a dot-notation reload
 * (`only: ['account.members']` drops `account.name`). These helpers make up for each; on 3.x they
 * change nothing.
 */

let legacyVisits = 0

/**
 * Gives a visit without an id (Inertia 2.x) one of its own, at its `before` event: the router
 * copies the visit object into the params its `start` and `finish` events report, so the id
 * follows the visit. Returns true when the visit had none.
 */
export function ensureVisitId(visit: InertiaVisit): boolean {
  if (visit.id !== undefined && visit.id !== null) return false
  visit.id = `sync-visit-${++legacyVisits}`
  return true
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target }
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    result[key] = isObject(existing) && isObject(value) ? deepMerge(existing, value) : value
  }
  return result
}

/**
 * What a sync reload's response must not lose, applied to it before it becomes the page
 * (`onBeforeUpdate`): the form errors the page shows, when the response has none, and the parts
 * of a nested prop the reload did not ask for.
 */
export function keepThroughReload(
  currentProps: () => Record<string, unknown> | undefined,
  only: string[],
): (page: InertiaPage) => void {
  const nestedTops = [...new Set(only.filter((p) => p.includes('.')).map((p) => p.split('.')[0]!))]
  return (page) => {
    const current = currentProps()
    if (!current || !page?.props) return
    const errors = current.errors
    const incoming = page.props.errors
    if (isObject(errors) && Object.keys(errors).length > 0) {
      if (!isObject(incoming) || Object.keys(incoming).length === 0) page.props.errors = errors
    }
    for (const key of nestedTops) {
      const before = current[key]
      const after = page.props[key]
      if (isObject(before) && isObject(after)) page.props[key] = deepMerge(before, after)
    }
  }
}
