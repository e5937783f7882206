/**
 * Runs a callback once on a later task (`setTimeout(…, 0)`), however often it is asked for before
 * then. Used to resume sync reloads after a visit ended: Inertia cancels a visit inside
 * `router.visit()` and inside its popstate handler, and the page the back button restores arrives
 * some microtasks later; resuming sooner would send a reload for the page being left.
 */
export class LaterTask {
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly run: () => void) {}

  /** Runs the callback on a later task, unless it is already due. */
  request(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.run()
    }, 0)
  }

  /** Forgets a run that is due. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
