import { IDENTIFIERS, PATHS, type Identifier } from './app.js'
import { Prng } from './prng.js'

/**
 * One generated operation, at `t` ms after the scenario starts. A trace is a list of these plus
 * the seed of the network's latencies: replaying the same trace gives the same run.
 */
export type Op =
  | {
      t: number
      kind: 'commit'
      ids: Identifier[]
      /** ms between the data commit and the version being assigned (and the marker published). */
      gap: number
      /** Network delay of each delivery of the marker: two or more entries are duplicates. */
      delays: number[]
      /** The marker's optional `spread` hint (ms). */
      spread?: number
    }
  /** The socket drops: markers in transit are lost; Action Cable reconnects after `down` ms. */
  | { t: number; kind: 'drop'; down: number }
  /** The server loses its pub/sub (`interrupted`), back after `down` ms. */
  | { t: number; kind: 'interrupt'; down: number }
  /** The user loses access: the server ends the subscription (`unsubscribed` with a code). */
  | { t: number; kind: 'revoke'; id: Identifier }
  /** The user follows a link; the page's second component mounts `mount` ms late. */
  | { t: number; kind: 'visit'; path: string; mount: number }
  /** The back button (history restore, no request). */
  | { t: number; kind: 'back'; mount: number }
  /** A partial visit to the current page (`only`). */
  | { t: number; kind: 'partial'; only: string[] }
  /** The app's own `router.reload({ only })`. */
  | { t: number; kind: 'reload'; only: string[]; async: boolean }
  /** A form POST that commits `ids`, redirects back, and enqueues a job committing later. */
  | { t: number; kind: 'post'; ids: Identifier[]; job: { ids: Identifier[]; delay: number } | null }
  | { t: number; kind: 'hide' }
  | { t: number; kind: 'show' }
  /** A deploy: the asset version changes; requests with the old one get a 409. */
  | { t: number; kind: 'deploy' }
  /** The session ends: requests go to the login page until the user signs in again. */
  | { t: number; kind: 'expire' }
  /** The next request (`sync`: the next sync reload) fails this way. */
  | { t: number; kind: 'fail'; what: '500' | 'network' | 'hang'; target: 'sync' | 'any' }

export interface Trace {
  /** Seeds the latencies of requests and replies (drawn in the order they happen). */
  net: number
  ops: Op[]
}

export interface GenerateOptions {
  /** HTTP 500s, network errors and requests that never finish. */
  faults: boolean
}

const PROPS = ['accounts', 'account', 'note', 'users', 'settings']

/** A random scenario for `seed`. */
export function generate(seed: number, { faults }: GenerateOptions): Trace {
  const rng = new Prng(seed)
  const ops: Op[] = []
  const count = rng.int(4, 28)
  const span = rng.int(1_000, 15_000)
  const delay = () => (rng.chance(0.15) ? rng.int(400, 3_000) : rng.int(1, 120))
  const commit = (t: number): Op => ({
    t,
    kind: 'commit',
    ids: rng.chance(0.3) ? rng.subset(IDENTIFIERS) : [rng.pick(IDENTIFIERS)],
    gap: rng.chance(0.3) ? rng.int(1, 40) : 0,
    delays: rng.chance(0.15) ? [delay(), delay()] : [delay()],
    ...(rng.chance(0.1) ? { spread: rng.int(50, 2_000) } : {}),
  })
  for (let i = 0; i < count; i++) {
    const t = rng.int(0, span)
    const roll = rng.next()
    if (roll < 0.32) {
      ops.push(commit(t))
    } else if (roll < 0.38) {
      // A burst: many commits close together.
      const n = rng.int(3, 12)
      const every = rng.int(10, 400)
      for (let k = 0; k < n; k++) ops.push(commit(t + k * every))
    } else if (roll < 0.46) {
      ops.push({ t, kind: 'visit', path: rng.pick(PATHS), mount: lateMount(rng) })
    } else if (roll < 0.52) {
      ops.push({ t, kind: 'back', mount: lateMount(rng) })
    } else if (roll < 0.57) {
      ops.push({ t, kind: 'partial', only: rng.subset(PROPS) })
    } else if (roll < 0.63) {
      ops.push({ t, kind: 'reload', only: rng.subset(PROPS), async: rng.chance(0.5) })
    } else if (roll < 0.7) {
      ops.push({
        t,
        kind: 'post',
        ids: [rng.pick(IDENTIFIERS)],
        job: rng.chance(0.6) ? { ids: [rng.pick(IDENTIFIERS)], delay: rng.int(1, 2_000) } : null,
      })
    } else if (roll < 0.75) {
      ops.push({ t, kind: 'hide' }, { t: t + rng.int(10, 4_000), kind: 'show' })
    } else if (roll < 0.82) {
      ops.push({ t, kind: 'drop', down: rng.int(10, 3_000) })
    } else if (roll < 0.86) {
      ops.push({ t, kind: 'interrupt', down: rng.int(10, 3_000) })
    } else if (roll < 0.88) {
      ops.push({ t, kind: 'revoke', id: rng.pick(IDENTIFIERS) })
    } else if (roll < 0.91) {
      ops.push({ t, kind: rng.chance(0.5) ? 'deploy' : 'expire' })
    } else if (faults) {
      const what = rng.pick(['500', 'network', 'network', '500', 'hang'] as const)
      ops.push({ t, kind: 'fail', what, target: rng.chance(0.7) ? 'sync' : 'any' })
    } else {
      ops.push(commit(t))
    }
  }
  ops.sort((a, b) => a.t - b.t)
  return { net: seed ^ 0x5bd1e995, ops }
}

function lateMount(rng: Prng): number {
  return rng.chance(0.3) ? rng.int(1, 2_000) : 0
}
