import { isWithin, valueAt } from '../prop-path.js'

/**
 * How Inertia (2.3 and 3.x) merges a partial response into the props the page shows, for the
 * props its merge metadata names: appended, prepended, deep merged, items matched on a key. A
 * window reload (features/list-window.ts) refetches every page a list was built from and composes
 * the responses here, in the order they first arrived, into the value Inertia would have built.
 */

/** The parts of an Inertia page response that say how its props merge. */
export interface MergeResponse {
  props: Record<string, unknown>
  mergeProps?: string[]
  prependProps?: string[]
  deepMergeProps?: string[]
  matchPropsOn?: string[]
}

type Props = Record<string, unknown>

const isObject = (value: unknown): value is Props =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A copy of `props` with `value` at `path`, copying the objects along the path only. */
export function withValueAt(props: Props, path: string, value: unknown): Props {
  const [head, ...rest] = path.split('.')
  const key = head ?? path
  if (rest.length === 0) return { ...props, [key]: value }
  const inner = isObject(props[key]) ? props[key] : {}
  return { ...props, [key]: withValueAt(inner, rest.join('.'), value) }
}

const hasKey = (item: unknown, key: string): item is Props => isObject(item) && key in item

/** Inertia's `mergeOrMatchItems`: items matched on a `match_on` key are replaced, not added. */
function mergeItems(
  existing: unknown,
  incoming: unknown[],
  path: string,
  matchOn: string[],
  append: boolean,
): unknown[] {
  const items = Array.isArray(existing) ? existing : []
  const match = matchOn.find((key) => key.split('.').slice(0, -1).join('.') === path)
  if (!match) return append ? [...items, ...incoming] : [...incoming, ...items]
  const key = match.split('.').pop() ?? ''
  const byKey = new Map<unknown, unknown>()
  for (const item of incoming) if (hasKey(item, key)) byKey.set(item[key], item)
  if (!append) {
    return [...incoming, ...items.filter((item) => !(hasKey(item, key) && byKey.has(item[key])))]
  }
  const updated = items.map((item) =>
    hasKey(item, key) && byKey.has(item[key]) ? byKey.get(item[key]) : item,
  )
  const known = new Set(
    items.filter((item) => hasKey(item, key)).map((item) => (item as Props)[key]),
  )
  return [...updated, ...incoming.filter((item) => !(hasKey(item, key) && known.has(item[key])))]
}

function deepMerge(target: unknown, source: unknown, path: string, matchOn: string[]): unknown {
  if (Array.isArray(source)) return mergeItems(target, source, path, matchOn, true)
  if (!isObject(source)) return source
  const base = isObject(target) ? target : {}
  const result: Props = { ...base }
  for (const [key, value] of Object.entries(source)) {
    result[key] = deepMerge(base[key], value, `${path}.${key}`, matchOn)
  }
  return result
}

/**
 * The props after `response` merged into `current` as Inertia merges a partial response,
 * restricted to the paths within `scope` (the list prop being composed).
 */
export function mergeResponse(current: Props, response: MergeResponse, scope: string): Props {
  const mine = (paths: string[] | undefined) =>
    (paths ?? []).filter((path) => isWithin(path, scope) || isWithin(scope, path))
  const matchOn = response.matchPropsOn ?? []
  let incoming: Props = { ...response.props }
  const mergeAt = (path: string, append: boolean) => {
    const value = valueAt(incoming, path)
    if (Array.isArray(value)) {
      incoming = withValueAt(
        incoming,
        path,
        mergeItems(valueAt(current, path), value, path, matchOn, append),
      )
    } else if (isObject(value)) {
      const before = valueAt(current, path)
      incoming = withValueAt(incoming, path, { ...(isObject(before) ? before : {}), ...value })
    }
  }
  for (const path of mine(response.mergeProps)) mergeAt(path, true)
  for (const path of mine(response.prependProps)) mergeAt(path, false)
  for (const path of mine(response.deepMergeProps)) {
    const merged = deepMerge(valueAt(current, path), valueAt(incoming, path), path, matchOn)
    incoming = withValueAt(incoming, path, merged)
  }
  return { ...current, ...incoming }
}

/**
 * The value of `path` built from `responses` in order: the first one replaces it (as the visit
 * that first showed the list did), each later one merges into it.
 */
export function composeWindow(path: string, responses: MergeResponse[]): unknown {
  const [first, ...later] = responses
  if (!first) return undefined
  let props = withValueAt({}, path, valueAt(first.props, path))
  for (const response of later) props = mergeResponse(props, response, path)
  return valueAt(props, path)
}
