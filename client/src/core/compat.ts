import type { PageCursors } from './page-cursors.js'
import { pendingWork } from './pending-work.js'
import type { Subscriptions } from './subscriptions.js'

/**
 * `registry.subscriptions`: identifier → Set of prop names, read-only, computed from the
 * registry's own subscriptions on every read.
 */
export class SubscriptionsView implements ReadonlyMap<string, ReadonlySet<string>> {
  constructor(private readonly subscriptions: Subscriptions) {}

  get size(): number {
    return this.subscriptions.size
  }

  get(identifier: string): ReadonlySet<string> | undefined {
    const entry = this.subscriptions.get(identifier)
    return entry ? new Set(entry.props.keys()) : undefined
  }

  has(identifier: string): boolean {
    return this.subscriptions.get(identifier) !== undefined
  }

  *entries(): MapIterator<[string, ReadonlySet<string>]> {
    for (const [identifier, entry] of this.subscriptions.all()) {
      yield [identifier, new Set(entry.props.keys())]
    }
  }

  *keys(): MapIterator<string> {
    for (const [identifier] of this.entries()) yield identifier
  }

  *values(): MapIterator<ReadonlySet<string>> {
    for (const [, props] of this.entries()) yield props
  }

  forEach(callback: (props: ReadonlySet<string>, identifier: string, map: this) => void): void {
    for (const [identifier, props] of this.entries()) callback(props, identifier, this)
  }

  [Symbol.iterator](): MapIterator<[string, ReadonlySet<string>]> {
    return this.entries()
  }
}

/**
 * `registry.pendingReloads`: the props the next sync reload will refresh, computed from the
 * subscriptions and the page's cursors. `add(prop)` marks the identifiers that feed `prop` as
 * changed (a prop nothing syncs has nothing to reload); props leave the set only by being
 * reloaded, so `delete` and `clear` refuse.
 */
export class PendingReloadsView {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly page: PageCursors,
  ) {}

  private current(): Set<string> {
    return new Set(pendingWork(this.subscriptions, this.page).props)
  }

  get size(): number {
    return this.current().size
  }

  has(prop: string): boolean {
    return this.current().has(prop)
  }

  add(prop: string): this {
    for (const [identifier, entry] of this.subscriptions.all()) {
      if (entry.props.has(prop)) this.subscriptions.hear(identifier, null)
    }
    return this
  }

  delete(): never {
    throw new TypeError('inertia-sync: pendingReloads empties by reloading (performReload())')
  }

  clear(): never {
    return this.delete()
  }

  forEach(callback: (prop: string) => void): void {
    for (const prop of this.current()) callback(prop)
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.current()[Symbol.iterator]()
  }
}
