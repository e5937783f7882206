/**
 * The invariants a run checks (README.md says what each means) and what a broken one reports.
 */
export const INVARIANTS = [
  'convergence',
  'ready-honest',
  'ready-while-stale',
  'ready-when-quiet',
  'revoked-reported',
  'overlap',
  'foreign-props',
  'older-overwrites',
  'burst-bound',
  'background-failure',
  'full-visits',
  'quiescence',
  'destroy-leftovers',
  'crash',
] as const
export type Invariant = (typeof INVARIANTS)[number]

export interface Violation {
  invariant: Invariant
  detail: string
  /** Simulated ms since the run started. */
  t: number
}
