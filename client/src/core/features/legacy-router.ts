import type { InertiaPage, InertiaVisit } from '../types.js'

/**
 * Inertia 2.x lacks three things sync relies on in 3.x: visit ids (3.x puts one on every visit and
 * on the page events it causes), `preserveErrors` (without it each sync reload wipes the form
 * errors on the page), and per-visit `onHttpException` / `onNetworkError` (2.x reports a failed
 * response only by its global `invalid` and `exception` events, whose default is the error modal
 * or a rejected promise). It also replaces a whole top-level prop on a dot-notation reload
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

/** Visits whose start is remembered at most (visits that never finish cannot grow memory). */
const MAX_TRACKED = 50

/**
 * Inertia 2.x reports its pages without the visit, so a page is credited at the visit's finish;
 * but a failed response finishes as `completed` too. This tells whether the router showed a page
 * from a response (its `beforeUpdate` event) since the visit started, and no error answered it:
 * a page shown meanwhile then came from another visit (an app's async reload answering first).
 */
export class LegacyPageCredit {
  private updates = 0
  /** Per visit: the updates count at its start, and what it asked for (`partialData`). */
  private readonly startedAt = new Map<string, { at: number; asked: string }>()

  pageUpdated(): void {
    this.updates++
  }

  started(visit: InertiaVisit & { id: string; reset?: string[] }): void {
    const asked = [...(visit.only ?? []), ...(visit.reset ?? [])].join(',')
    this.startedAt.set(visit.id, { at: this.updates, asked })
    for (const id of this.startedAt.keys()) {
      if (this.startedAt.size <= MAX_TRACKED) break
      this.startedAt.delete(id)
    }
  }

  /**
   * An error answered a visit that asked for `partialData` (empty for a full visit): the visits
   * that asked for that show no page of their own. Events do not name the visit; when two asked
   * alike, both lose the credit, which only costs a reload.
   */
  failed(partialData: string): void {
    for (const [id, { asked }] of this.startedAt) {
      if (asked === partialData) this.startedAt.delete(id)
    }
  }

  /** Whether a page was shown from a response since `visitId` started; forgets the visit. */
  finished(visitId: string): boolean {
    const start = this.startedAt.get(visitId)
    this.startedAt.delete(visitId)
    return start !== undefined && this.updates > start.at
  }
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

/** The detail of Inertia 2.x's `invalid` (an error page) or `exception` (a network error) event. */
export interface LegacyFailureDetail {
  response?: LegacyResponse
  exception?: { response?: LegacyResponse; config?: LegacyResponse['config'] }
}

interface LegacyResponse {
  status?: number
  config?: { headers?: Record<string, unknown> & { get?(name: string): unknown } }
}

/**
 * What a failed request asked for (`X-Inertia-Partial-Data`, empty for a full visit) and the
 * status it got, if any; null when the event does not say which request failed.
 */
export function legacyFailure(
  detail: LegacyFailureDetail | undefined,
): { partialData: string; status: number | undefined } | null {
  const response = detail?.response ?? detail?.exception?.response
  const headers = (response?.config ?? detail?.exception?.config)?.headers
  if (!headers) return null
  const partialData = headerOf(headers, 'x-inertia-partial-data')
  return {
    partialData: typeof partialData === 'string' ? partialData : '',
    status: response?.status,
  }
}

function headerOf(
  headers: NonNullable<LegacyResponse['config']>['headers'] & object,
  name: string,
) {
  if (typeof headers.get === 'function') return headers.get(name)
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}
