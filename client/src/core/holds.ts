/**
 * The app's holds on sync reloads of a prop (a form with unsaved input bound to it): while any
 * hold of a prop says so, reloads leave that prop out; it stays pending.
 */
export class Holds {
  private readonly byProp = new Map<string, Set<() => boolean>>()

  /** Holds `prop` while `isHeld()`; returns the function removing the hold. */
  add(prop: string, isHeld: () => boolean, released: () => void): () => void {
    const set = this.byProp.get(prop) ?? new Set()
    this.byProp.set(prop, set.add(isHeld))
    return () => {
      set.delete(isHeld)
      if (set.size === 0) this.byProp.delete(prop)
      released()
    }
  }

  /** Whether a hold keeps `prop` out of sync reloads now. */
  isHeld(prop: string): boolean {
    for (const isHeld of this.byProp.get(prop) ?? []) if (isHeld()) return true
    return false
  }
}
