/**
 * The checks on each request the sync client sends and each response it lands: `overlap`,
 * `foreign-props` and `older-overwrites`.
 */
import type { ComponentLayer } from './components.js'
import type { Journal } from './journal.js'
import type { Delivered } from './network.js'
import type { SimRequest } from './server.js'

/** Props whose data is a count per identifier (what the simulated server renders). */
export function isCounters(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A sync reload goes out: none other in flight, and only props the page showing has, on its URL. */
export function checkSyncRequest(
  journal: Journal,
  layer: ComponentLayer,
  request: SimRequest,
  inFlight: number,
): void {
  if (inFlight > 0) {
    journal.violate(
      'overlap',
      `a sync reload of ${request.only} was sent while ${inFlight} was in flight`,
    )
  }
  const shown = layer.shown
  const foreign = (request.only ?? []).filter((prop) => !(prop in (shown?.props ?? {})))
  if (request.path !== layer.shownPath || foreign.length > 0 || request.only === null) {
    journal.violate(
      'foreign-props',
      `sync reload of ${request.path} only=${request.only} while ${layer.shownPath} shows ${Object.keys(shown?.props ?? {})}`,
    )
  }
}

/** A sync response must not put older data over what the page already shows. */
export function checkOverwrite(
  journal: Journal,
  id: number,
  response: Delivered | undefined,
  before: Record<string, unknown> | null,
): void {
  if (!response?.sync || !before) return
  for (const [prop, value] of Object.entries(response.page.props)) {
    if (prop === 'inertia_sync' || prop === 'errors') continue
    const old = before[prop]
    if (!isCounters(value) || !isCounters(old)) continue
    for (const [identifier, count] of Object.entries(value)) {
      if (old[identifier] !== undefined && count < old[identifier]) {
        journal.violate(
          'older-overwrites',
          `sync response ${id} set ${prop}.${identifier} back from ${old[identifier]} to ${count}`,
        )
      }
    }
  }
}
