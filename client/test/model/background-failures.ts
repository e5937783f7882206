/**
 * The `background-failure` invariant: a failed sync reload must not surface as Inertia's error
 * dialog (`httpException`), its `networkError` (a rejected promise), Inertia 2.x's `invalid` /
 * `exception` events, or an unhandled rejection.
 */
import type { Journal } from './journal.js'

/** Watches for background failures during one run; the cleanup it pushes stops watching. */
export function watchBackgroundFailures(journal: Journal, cleanups: Array<() => void>): void {
  const onException = () =>
    journal.violate(
      'background-failure',
      'a failed sync reload reached Inertia (httpException: error dialog)',
    )
  const onNetwork = () =>
    journal.violate(
      'background-failure',
      'a failed sync reload reached Inertia (networkError: rejected promise)',
    )
  document.addEventListener('inertia:httpException', onException)
  document.addEventListener('inertia:networkError', onNetwork)
  // Inertia 2.x reports failures only by these events: the user's own visits are quieted here
  // (as their callbacks do on 3.x); a sync reload's must have been quieted by the registry.
  const onLegacyFailure = (event: Event) => {
    if (!isSyncFailure((event as CustomEvent).detail)) return event.preventDefault()
    queueMicrotask(() => {
      if (!event.defaultPrevented) {
        journal.violate(
          'background-failure',
          `a failed sync reload reached Inertia (${event.type})`,
        )
      }
    })
  }
  document.addEventListener('inertia:invalid', onLegacyFailure)
  document.addEventListener('inertia:exception', onLegacyFailure)
  const onUnhandled = (reason: unknown) =>
    journal.violate('background-failure', `unhandled rejection: ${String(reason)}`)
  process.on('unhandledRejection', onUnhandled)
  cleanups.push(() => {
    document.removeEventListener('inertia:httpException', onException)
    document.removeEventListener('inertia:networkError', onNetwork)
    document.removeEventListener('inertia:invalid', onLegacyFailure)
    document.removeEventListener('inertia:exception', onLegacyFailure)
    process.off('unhandledRejection', onUnhandled)
  })
}

/** Whether an Inertia 2.x `invalid` / `exception` event is about a sync reload (its header). */
function isSyncFailure(detail: {
  response?: { config?: { headers?: unknown } }
  exception?: { config?: { headers?: unknown } }
}): boolean {
  const headers = (detail?.response?.config ?? detail?.exception?.config)?.headers as
    (Record<string, unknown> & { get?: (name: string) => unknown }) | undefined
  if (!headers) return false
  if (typeof headers.get === 'function') return headers.get('x-model-sync') === '1'
  return Object.entries(headers).some(([k, v]) => k.toLowerCase() === 'x-model-sync' && v === '1')
}
