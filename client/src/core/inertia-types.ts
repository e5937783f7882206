/** The shapes of Inertia's router the registry uses (structural, so Inertia 2.x and 3.x both fit). */

/** The Inertia page as the router reports it (structural, so Inertia v1, v2 and v3 all fit). */
export interface InertiaPage {
  component: string
  url: string
  props: Record<string, unknown>
  /** Inertia 3's once props: the client keeps these, and tells the server to skip them. */
  onceProps?: Record<string, { prop: string; expiresAt?: number | null }>
}

/** A visit as the router's `before` / `start` / `finish` events report it. */
export interface InertiaVisit {
  id?: string
  url?: URL | string
  method?: string
  async?: boolean
  prefetch?: boolean
  only?: string[]
  except?: string[]
  headers?: Record<string, string>
  completed?: boolean
  cancelled?: boolean
  interrupted?: boolean
}

export interface InertiaReloadOptions {
  only: string[]
  reset?: string[]
  headers?: Record<string, string>
  // `any`: Inertia's payload type (FormData included) differs between versions, and every adapter's
  // `router` must stay assignable to InertiaRouter; what is sent stays the caller's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: Record<string, any>
  preserveErrors?: boolean
  preserveScroll?: boolean
  preserveState?: boolean
  async?: boolean
  showProgress?: boolean
  onCancelToken?: (token: { cancel: () => void }) => void
  // `any`, so these stay assignable to Inertia's own callback types across its versions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onBeforeUpdate?: (page: any) => void
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onFinish?: (visit: any) => void
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onHttpException?: (response: any) => boolean | void
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onNetworkError?: (error: any) => boolean | void
}

/**
 * The parts of the Inertia router the registry uses: `router` from `@inertiajs/core` (or any
 * adapter, which re-exports it).
 */
export interface InertiaRouter {
  reload(options: InertiaReloadOptions): unknown
  /** Used once when a sync reload needs a full visit (a 409 version conflict, an ended session). */
  visit?(url: string, options?: Record<string, unknown>): unknown
  // Loose on purpose: Inertia's `on` is generic over its own event map, which differs between
  // versions and TypeScript releases; the registry only listens to a few events it checks at runtime.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: any, callback: (event: any) => unknown): () => void
}
