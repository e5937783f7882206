/** A tiny typed event emitter; `on()` returns the function that removes the listener. */
export class Emitter<Events extends object> {
  private listeners = new Map<keyof Events, Set<(payload: never) => void>>()

  on<K extends keyof Events>(event: K, callback: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(callback as (payload: never) => void)
    return () => {
      set.delete(callback as (payload: never) => void)
    }
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event)
    if (!set) return
    for (const callback of [...set]) (callback as (payload: Events[K]) => void)(payload)
  }

  clear(): void {
    this.listeners.clear()
  }
}
