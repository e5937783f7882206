import { Emitter } from './emitter.js'
import { isBrowser } from './settings.js'

/** Tracks whether the tab is hidden, and says (`shown`) when it is visible again. */
export class TabVisibility {
  private isHidden = false
  private listener: (() => void) | null = null

  private readonly emitter = new Emitter<{ shown: void }>()
  readonly on = this.emitter.on.bind(this.emitter)

  get hidden(): boolean {
    return this.isHidden
  }

  /** Starts listening to `visibilitychange` (once; a no-op outside the browser). */
  watch(): void {
    if (this.listener || !isBrowser()) return
    this.isHidden = document.visibilityState === 'hidden'
    this.listener = () => {
      const hidden = document.visibilityState === 'hidden'
      if (hidden === this.isHidden) return
      this.isHidden = hidden
      if (!hidden) this.emitter.emit('shown', undefined)
    }
    document.addEventListener('visibilitychange', this.listener)
  }

  stop(): void {
    if (!this.listener) return
    document.removeEventListener('visibilitychange', this.listener)
    this.listener = null
  }
}
