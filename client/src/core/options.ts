import type { SyncPageProp } from './protocol.js'
import { type ServerSettings, type Settings, resolveSetting, stripUndefined } from './settings.js'
import type { SyncOptions } from './types.js'

/** The options that are not settings: what the app hands the registry to use. */
type Collaborators = 'router' | 'consumer'

/**
 * The one owner of the registry's configuration: the app's explicit options and the settings the
 * server sent in the last page's `inertia_sync` prop. Explicit options win over the server's,
 * which win over the defaults (settings.ts).
 */
export class RegistryOptions {
  private explicit: Omit<SyncOptions, Collaborators> = {}
  private server: ServerSettings = {}

  /** Merges options the app set (undefined values leave the current ones alone). */
  merge(options: Omit<SyncOptions, Collaborators>): void {
    const given = { ...options }
    if (given.maxReconnectAttempts !== undefined && given.reconnectAttempts === undefined) {
      given.reconnectAttempts = given.maxReconnectAttempts
    }
    this.explicit = { ...this.explicit, ...stripUndefined(given) }
  }

  /** Adopts the server's settings from a page's `inertia_sync` prop. */
  adoptServer(pageProp: SyncPageProp): void {
    this.server = pageProp
  }

  setting<K extends keyof Settings>(key: K): Settings[K] {
    return resolveSetting(this.explicit, this.server, key)
  }

  /** An option the app set that is not a setting (no server value, no default). */
  option<K extends 'cableUrl' | 'reloadStrategy' | 'prefetchInvalidation'>(key: K): SyncOptions[K] {
    return this.explicit[key]
  }

  /** Logs to the console in debug mode (bound: passed around as a function). */
  readonly log = (...args: unknown[]): void => {
    if (this.setting('debug')) console.debug('[inertia-sync]', ...args)
  }
}
