import type { SyncPageProp } from './protocol.js'
import type { SyncOptions } from './types.js'

/** The options that have a default and may also come from the server's `inertia_sync` prop. */
export interface Settings {
  debounceMs: number
  maxWaitMs: number
  maxSubscriptions: number
  reconnectAttempts: number
  enabled: boolean
  pauseWhenHidden: boolean
  domAttributes: boolean
  debug: boolean
}

export const DEFAULTS: Settings = {
  debounceMs: 300,
  maxWaitMs: 1000,
  maxSubscriptions: 100,
  reconnectAttempts: 5,
  enabled: true,
  pauseWhenHidden: true,
  domAttributes: true,
  debug: false,
}

/** Reads one setting: explicit options win over the server's page prop, which wins over defaults. */
export type ReadSetting = <K extends keyof Settings>(key: K) => Settings[K]

export function resolveSetting<K extends keyof Settings>(
  options: SyncOptions,
  server: SyncPageProp,
  key: K,
): Settings[K] {
  const explicit = options[key] as Settings[K] | undefined
  if (explicit !== undefined) return explicit
  const fromServer = (server as Record<string, unknown>)[key] as Settings[K] | null | undefined
  if (fromServer !== undefined && fromServer !== null) return fromServer
  return DEFAULTS[key]
}

/** SSR renders have no window: the registry then does nothing. */
export const isBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

export function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}
