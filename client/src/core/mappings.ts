/**
 * identifier → prop name. Keys built with `buildIdentifier` from a missing id come out as the
 * strings `"null"` / `"undefined"` when used as computed keys, so those exact keys are skipped
 * (and only those: `Account:nullable` is a fine identifier).
 */
export type SyncMappings = Record<string, string | null | undefined>

/** Normalises mappings into [identifier, prop] pairs, dropping entries built from a missing id. */
export function mappingPairs(mappings: SyncMappings | null | undefined): Array<[string, string]> {
  if (!mappings) return []
  const pairs: Array<[string, string]> = []
  for (const [identifier, prop] of Object.entries(mappings)) {
    if (identifier === 'null' || identifier === 'undefined' || identifier === '') continue
    if (typeof prop !== 'string' || prop === '') continue
    pairs.push([identifier, prop])
  }
  return pairs
}

/** Stable key for a set of mappings (order-independent), to detect changes cheaply. */
export function mappingsKey(pairs: Array<[string, string]>): string {
  return pairs
    .map(([identifier, prop]) => `${identifier}\u0000${prop}`)
    .sort()
    .join('\u0001')
}
