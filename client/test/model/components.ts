import type { SyncRegistry } from '../../src/index.js'
import { ROUTES } from './app.js'
import type { SimClock } from './clock.js'

interface ShownPage {
  component: string
  url: string
  props: Record<string, unknown>
  modelResponse?: number
}

interface Instance {
  alive: boolean
  subscribed: boolean
  mappings: Array<[string, string]>
}

/**
 * The page's components, as a Svelte app mounts them: on every page swap without preserved state
 * the page's components are destroyed (unsubscribing their mappings) and created again (telling
 * the registry the page, then subscribing in an effect, a microtask later). The second component
 * can mount late (`nextMountDelay`), as a lazily loaded or conditionally rendered one does.
 */
export class ComponentLayer {
  shown: ShownPage | null = null
  nextMountDelay = 0
  private instances: Instance[] = []
  private component: string | null = null
  /** The path the components were mounted for (their mappings name its records). */
  private mountedPath: string | null = null
  private readonly late = new Set<ReturnType<typeof setTimeout>>()

  constructor(
    private readonly clock: SimClock,
    private readonly hooks: {
      registry: () => SyncRegistry
      onShown: (page: ShownPage, before: Record<string, unknown> | null) => void
    },
  ) {}

  get shownPath(): string {
    return this.shown ? new URL(this.shown.url, 'http://localhost').pathname : ''
  }

  get timerCount(): number {
    return this.late.size
  }

  /** Inertia's `swapComponent`: a page (new, partial, or restored) is now showing. */
  swap(page: ShownPage, preserveState: boolean): void {
    const before = this.shown?.props ?? null
    this.shown = { ...page, props: structuredClone(page.props) }
    this.hooks.onShown(page, before)
    // Kept components keep their mappings, unless the page is another record's: reactive mappings
    // (`syncWithRails(() => ...)`) then follow the new props, as a remount does.
    const samePage = page.component === this.component && this.shownPath === this.mountedPath
    if (preserveState && samePage) return
    this.unmountAll()
    this.component = page.component
    this.mountedPath = this.shownPath
    const route = ROUTES[this.shownPath]
    const delay = this.nextMountDelay
    this.nextMountDelay = 0
    route?.components.forEach((component, index) => {
      const instance: Instance = { alive: true, subscribed: false, mappings: component.mappings }
      this.instances.push(instance)
      if (index > 0 && delay > 0) {
        const id = setTimeout(() => {
          this.late.delete(id)
          this.mount(instance)
        }, delay)
        this.late.add(id)
      } else {
        this.mount(instance)
      }
    })
    void this.clock
  }

  unmountAll(): void {
    for (const id of this.late) clearTimeout(id)
    this.late.clear()
    for (const instance of this.instances) {
      instance.alive = false
      if (!instance.subscribed) continue
      for (const [identifier, prop] of instance.mappings) {
        this.hooks.registry().unsubscribe(identifier, prop)
      }
    }
    this.instances = []
    this.component = null
  }

  private mount(instance: Instance): void {
    const registry = this.hooks.registry()
    const shown = this.shown
    if (shown) registry.setPage({ component: shown.component, url: shown.url, props: shown.props })
    queueMicrotask(() => {
      if (!instance.alive) return
      instance.subscribed = true
      for (const [identifier, prop] of instance.mappings) registry.subscribe(identifier, prop)
    })
  }
}
