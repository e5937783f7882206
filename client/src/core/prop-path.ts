/**
 * Props are named by paths: `account` or, with Inertia's dot notation, `account.members`. A reload
 * of `account.members` refreshes that path only, never `account.name`.
 */

/** `account.members` → `account`. */
export const topLevel = (path: string): string => path.split('.')[0] ?? path

/** Whether `path` is `ancestor` or lies inside it (`account.members` inside `account`). */
export const isWithin = (path: string, ancestor: string): boolean =>
  path === ancestor || path.startsWith(`${ancestor}.`)

/** The value at `path` in `props`, or undefined. */
export function valueAt(props: Record<string, unknown> | undefined, path: string): unknown {
  let value: unknown = props
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** The props a visit asked for, and those the server was told to skip. */
export interface VisitScope {
  /** Empty: every prop. */
  only: string[]
  except: string[]
  /** Once props the client already had: the server skipped them, the client kept its copy. */
  skipped: string[]
}

/**
 * The paths a response to a visit of `scope` refreshed, out of the response's props: what was
 * asked for and sent. A prop the server did not send (skipped once props, deferred props not yet
 * loaded, props outside `only`) is not among them.
 */
export function refreshedPaths(scope: VisitScope, props: Record<string, unknown>): string[] {
  const asked = scope.only.length > 0 ? scope.only : Object.keys(props)
  return asked.filter(
    (path) =>
      valueAt(props, path) !== undefined &&
      !scope.except.some((excluded) => isWithin(path, excluded)) &&
      !scope.skipped.some((skipped) => isWithin(path, skipped)),
  )
}
