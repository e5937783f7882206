/**
 * The jsdom window as a run needs it: `scrollTo` (jsdom has none), a seeded `Math.random`,
 * Inertia's location visit caught where it notes it in sessionStorage, the history entries this
 * run pushed, the tab's visibility, and the `visibilitychange` listeners counted (they must be
 * gone after `destroy()`). Each change is undone by the cleanups it pushes.
 */
import { vi } from 'vitest'
import { Prng } from './prng.js'

export interface BrowserHooks {
  /** Seeds `Math.random` (Inertia's and the client's). */
  seed: number
  hidden(): boolean
  /** Inertia noted a location visit and would now set `window.location`. */
  onLocationVisit(): void
  /** A history entry was pushed. */
  onPushState(): void
  /** Counts the `visibilitychange` listeners added and not removed. */
  visibilityListeners: { count: number }
}

export function patchBrowser(hooks: BrowserHooks, cleanups: Array<() => void>): void {
  const scrollTo = window.scrollTo
  window.scrollTo = (() => {}) as typeof window.scrollTo // jsdom has none; Inertia calls it
  cleanups.push(() => (window.scrollTo = scrollTo))
  const random = new Prng(hooks.seed)
  const spy = vi.spyOn(Math, 'random').mockImplementation(() => random.next())
  cleanups.push(() => spy.mockRestore())

  // Inertia notes a location visit in sessionStorage, then reloads the document (which jsdom
  // cannot): the harness loads the new document itself (DocumentLifecycle.locationVisit).
  const setItem = Storage.prototype.setItem
  const store = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
    this: Storage,
    key: string,
    value: string,
  ) {
    setItem.call(this, key, value)
    if (key === 'inertiaLocationVisit') hooks.onLocationVisit()
  })
  cleanups.push(() => {
    store.mockRestore()
    window.sessionStorage.clear()
  })

  // The back button only walks this run's own history entries.
  const pushState = window.history.pushState
  window.history.pushState = (...args: Parameters<History['pushState']>) => {
    hooks.onPushState()
    return pushState.apply(window.history, args)
  }
  cleanups.push(() => (window.history.pushState = pushState))

  patchVisibility(hooks, cleanups)
}

function patchVisibility(hooks: BrowserHooks, cleanups: Array<() => void>): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hooks.hidden() ? 'hidden' : 'visible'),
  })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hooks.hidden() })
  const counted = hooks.visibilityListeners
  const add = document.addEventListener
  const remove = document.removeEventListener
  const listeners = new Set<unknown>()
  document.addEventListener = ((type: string, listener: unknown, opts?: unknown) => {
    if (type === 'visibilitychange' && !listeners.has(listener)) {
      listeners.add(listener)
      counted.count++
    }
    return add.call(document, type, listener as EventListener, opts as AddEventListenerOptions)
  }) as typeof document.addEventListener
  document.removeEventListener = ((type: string, listener: unknown, opts?: unknown) => {
    if (type === 'visibilitychange' && listeners.delete(listener)) counted.count--
    return remove.call(document, type, listener as EventListener, opts as EventListenerOptions)
  }) as typeof document.removeEventListener
  cleanups.push(() => {
    document.addEventListener = add
    document.removeEventListener = remove
  })
}
