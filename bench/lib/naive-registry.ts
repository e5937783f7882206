/**
 * A naive client (a trailing debounce, as a first implementation writes it), reimplemented for comparison: every marker
 * for a subscribed identifier adds its props to a pending set and restarts a 300 ms trailing
 * timer; when it fires, one reload of the pending props. No max wait, no in-flight control, no
 * versions (so it also reloads for duplicates and its own writes).
 */
import type { CableClient } from './cable-client.ts'
import type { Tab } from './tab.ts'

export class NaiveRegistry {
  private readonly subscriptions = new Map<string, Set<string>>()
  private readonly pendingReloads = new Set<string>()
  private reloadTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly client: CableClient,
    private readonly tab: Tab,
    private readonly debounceMs = 300,
  ) {
    client.markerListeners.push((marker) => this.handleMessage(marker.identifier))
  }

  async subscribe(identifier: string, propName: string): Promise<void> {
    if (!this.subscriptions.has(identifier)) this.subscriptions.set(identifier, new Set())
    this.subscriptions.get(identifier)!.add(propName)
    const reply = await this.client.subscribeTo(identifier)
    if (reply.type !== 'subscribed') throw new Error(`naive subscribe_to: ${reply.code}`)
  }

  private handleMessage(identifier: string): void {
    const props = this.subscriptions.get(identifier)
    if (!props || props.size === 0) return
    props.forEach((prop) => this.pendingReloads.add(prop))
    this.scheduleReload()
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer)
    this.reloadTimer = setTimeout(() => this.performReload(), this.debounceMs)
  }

  private performReload(): void {
    if (this.pendingReloads.size === 0) return
    const props = Array.from(this.pendingReloads)
    this.pendingReloads.clear()
    void this.tab.reload(props)
  }

  disconnect(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer)
    this.client.close()
  }
}
