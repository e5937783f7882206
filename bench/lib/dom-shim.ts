/**
 * Just enough `window` / `document` for the real `SyncRegistry` to believe it runs in a visible
 * browser tab (it checks both, and listens to `visibilitychange`). Node has neither.
 */
export function installDomShim(): void {
  const g = globalThis as Record<string, unknown>
  g.window ??= globalThis
  g.document ??= {
    visibilityState: 'visible',
    documentElement: { dataset: {} },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }
}
