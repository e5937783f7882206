/**
 * The one table of tunable settings: each row gives the default and whether the server may set it
 * through the `inertia_sync` page prop. Types, defaults and the page-prop reader derive from it.
 */
export const SETTINGS = {
  /** Leading edge: how long the first marker after a quiet period waits for its siblings, in ms. */
  collectMs: { default: 30, server: true },
  /** Trailing debounce for markers that keep coming after the leading reload, in ms. */
  debounceMs: { default: 300, server: true },
  /** Longest a pending prop waits while markers keep arriving, in ms. */
  maxWaitMs: { default: 1000, server: true },
  maxSubscriptions: { default: 100, server: true },
  reconnectAttempts: { default: 5, server: true },
  enabled: { default: true, server: true },
  /**
   * A sync reload with no finish event after this long is treated as failed, in ms; a reload
   * answering a crowd's marker waits ten times the marker's `spread` longer.
   */
  reloadTimeoutMs: { default: 15_000, server: false },
  /** First retry delay after a failed sync reload (doubling, with jitter), in ms. */
  retryBaseMs: { default: 1000, server: false },
  /** Cap of the retry delay, in ms. */
  retryMaxMs: { default: 30_000, server: false },
  pauseWhenHidden: { default: true, server: false },
  domAttributes: { default: true, server: false },
  debug: { default: false, server: false },
} as const

type Table = typeof SETTINGS
type Widen<T> = T extends boolean ? boolean : T extends number ? number : T

/** Every setting with its type. */
export type Settings = { -readonly [K in keyof Table]: Widen<Table[K]['default']> }

/** The settings the server may send in the `inertia_sync` page prop. */
export type ServerSettings = {
  [K in keyof Table as Table[K]['server'] extends true ? K : never]?: Settings[K]
}

export type ReadSetting = <K extends keyof Settings>(key: K) => Settings[K]

/** Reads the server-settable settings out of a page prop, ignoring malformed values. */
export function readServerSettings(raw: Record<string, unknown>): ServerSettings {
  const result: Record<string, unknown> = {}
  for (const [key, row] of Object.entries(SETTINGS)) {
    if (!row.server) continue
    const value = raw[key]
    if (typeof row.default === 'boolean' && typeof value === 'boolean') result[key] = value
    if (typeof row.default === 'number' && typeof value === 'number') {
      if (Number.isFinite(value) && value >= 0) result[key] = value
    }
  }
  return result as ServerSettings
}

/** Explicit options win over the server's page prop, which wins over the defaults. */
export function resolveSetting<K extends keyof Settings>(
  options: object,
  server: ServerSettings,
  key: K,
): Settings[K] {
  const explicit = (options as Record<string, unknown>)[key]
  if (explicit !== undefined) return explicit as Settings[K]
  const fromServer = (server as Record<string, unknown>)[key]
  if (fromServer !== undefined && fromServer !== null) return fromServer as Settings[K]
  return SETTINGS[key].default as Settings[K]
}

/** SSR renders have no window: the registry then does nothing. */
export const isBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

export function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}
