/**
 * The simulated user: follows links, presses the back button, makes partial visits and reloads,
 * posts forms, hides and shows the tab (as the trace says), and signs in again when the login
 * page shows. Every visit of theirs is quiet: a failure of it is the app's to show, so any
 * Inertia error event the checks see comes from the sync client.
 */
import { router } from '@inertiajs/core'
import { LOGIN_COMPONENT, SIGN_IN_PATH } from './app.js'
import type { SimClock } from './clock.js'
import type { ComponentLayer } from './components.js'
import type { Journal } from './journal.js'
import type { Prng } from './prng.js'
import type { Op } from './trace.js'

export type UserOp = Extract<
  Op,
  { kind: 'visit' | 'back' | 'partial' | 'reload' | 'post' | 'hide' | 'show' }
>

export class SimUser {
  /** The tab is hidden (`document.visibilityState`). */
  hidden = false
  /** History entries this run pushed: the back button walks only these. */
  historyDepth = 0
  /** The user is about to sign in on the login page. */
  private signInQueued = false

  constructor(
    private readonly clock: SimClock,
    private readonly layer: ComponentLayer,
    private readonly journal: Journal,
    private readonly random: Prng,
  ) {}

  act(op: UserOp): void {
    const quietly = { onNetworkError: () => false, onHttpException: () => false }
    switch (op.kind) {
      case 'visit':
        this.layer.nextMountDelay = op.mount
        router.visit(op.path, quietly)
        break
      case 'back':
        if (this.historyDepth === 0) break
        this.historyDepth--
        this.layer.nextMountDelay = op.mount
        window.history.back()
        break
      case 'partial':
        router.visit(this.layer.shownPath, {
          only: op.only,
          preserveState: true,
          preserveScroll: true,
          ...quietly,
        })
        break
      case 'reload':
        router.reload({ only: op.only, async: op.async, ...quietly })
        break
      case 'post':
        router.post(
          '/touch',
          { ids: op.ids, job: op.job, back: this.layer.shownPath } as never,
          quietly,
        )
        break
      case 'hide':
        this.setHidden(true)
        break
      case 'show':
        this.setHidden(false)
        break
    }
  }

  /** The login page shows: the user signs in a moment later (again if that did not get through). */
  signInLater(): void {
    if (this.signInQueued) return
    this.signInQueued = true
    this.clock.after(this.random.int(300, 3_000), () => {
      this.signInQueued = false
      if (this.layer.shown?.component !== LOGIN_COMPONENT) return
      this.journal.note('the user signs in')
      router.post(
        SIGN_IN_PATH,
        {},
        {
          onNetworkError: () => false,
          onHttpException: () => false,
          onFinish: () => {
            if (this.layer.shown?.component === LOGIN_COMPONENT) this.signInLater()
          },
        },
      )
    })
  }

  setHidden(hidden: boolean): void {
    if (this.hidden === hidden) return
    this.hidden = hidden
    document.dispatchEvent(new Event('visibilitychange'))
  }
}
