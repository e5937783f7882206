import type { InertiaPage } from '../types.js'
import type { MergeResponse } from './list-merge.js'
import type { WindowEntry } from './list-window.js'

/**
 * The requests of a window reload, made as Inertia's router makes a partial reload (same
 * headers, same cookies) but without it, so no intermediate state is rendered: their responses
 * are composed and shown once, by the sync reload that follows them.
 */

/** The page a window's requests are made for: its component and asset version. */
export interface RequestingPage extends InertiaPage {
  version?: string | null
}

/** A window request the server refused or that failed: the sync reload fails with it. */
export class WindowRequestError extends Error {
  constructor(
    message: string,
    /** A version conflict or an ended session (409, 401, 419, another page): a full visit heals it. */
    readonly needsFullVisit: boolean,
  ) {
    super(message)
    this.name = 'WindowRequestError'
  }
}

/** Statuses after which a retry cannot help: the app changed (409) or the session ended. */
const NEEDS_FULL_VISIT = new Set([401, 409, 419])

function cookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined
  const found = document.cookie.split('; ').find((pair) => pair.startsWith(`${name}=`))
  return found ? decodeURIComponent(found.slice(name.length + 1)) : undefined
}

/** The headers Inertia's router sends with a partial reload of `props` on `page`. */
export function partialHeaders(
  entry: WindowEntry,
  props: string[],
  page: RequestingPage,
): Record<string, string> {
  const headers: Record<string, string> = {
    ...entry.headers,
    Accept: 'text/html, application/xhtml+xml',
    'X-Requested-With': 'XMLHttpRequest',
    'X-Inertia': 'true',
    'X-Inertia-Partial-Component': page.component,
    'X-Inertia-Partial-Data': props.join(','),
  }
  if (page.version) headers['X-Inertia-Version'] = page.version
  const xsrf = cookie('XSRF-TOKEN')
  if (xsrf) headers['X-XSRF-TOKEN'] = xsrf
  return headers
}

/** Fetches `props` of `entry` as a partial reload; the response's page, or a WindowRequestError. */
export async function fetchPartial(
  entry: WindowEntry,
  props: string[],
  page: RequestingPage,
  signal: AbortSignal,
): Promise<MergeResponse> {
  const response = await fetch(entry.url, {
    headers: partialHeaders(entry, props, page),
    credentials: 'same-origin',
    signal,
  }).catch((error: unknown) => {
    if (signal.aborted) throw error
    throw new WindowRequestError(`network error: ${String(error)}`, false)
  })
  if (!response.ok) {
    const fullVisit = NEEDS_FULL_VISIT.has(response.status)
    throw new WindowRequestError(`${entry.url} answered ${response.status}`, fullVisit)
  }
  if (!response.headers.has('X-Inertia')) {
    throw new WindowRequestError(`${entry.url} answered without an Inertia page`, true)
  }
  const body = (await response.json().catch(() => null)) as
    (MergeResponse & { component?: unknown }) | null
  if (!body || typeof body.props !== 'object' || body.props === null) {
    throw new WindowRequestError(`${entry.url} answered a malformed Inertia page`, false)
  }
  if (body.component !== page.component) {
    throw new WindowRequestError(
      `${entry.url} answered another page (${String(body.component)})`,
      true,
    )
  }
  return body
}
