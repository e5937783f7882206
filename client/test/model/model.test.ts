/**
 * Model-based test of the client: seeded random scenarios (commits, marker delays, duplicates,
 * reorders and losses with reconnects, navigations, back button, partial visits, app reloads,
 * POSTs with jobs, hidden tabs, late components, HTTP failures, outages, revoked access) against
 * the real Inertia router and a simulated Rails side. See README.md in this folder.
 *
 *   npm test                                   seeds 1..100 in each mode (part of bin/test client)
 *   MODEL_SEEDS=5000 npm run test:model        more seeds (MODEL_FIRST_SEED to start elsewhere)
 *   MODEL_FAULTS=0|1 npm run test:model        only without / only with transient HTTP failures
 *   MODEL_SEED=123 MODEL_FAULTS=1 npm run test:model   replay one seed, with its log
 *   MODEL_TRACE='{"net":..,"ops":[..]}' npm run test:model   replay a (shrunk) trace
 *   MODEL_SHRINK=5 MODEL_INVARIANT=overlap     shrink the first 5 failures (of that invariant)
 *   MODEL_DUMP=path npm run test:model         also write a digest of every scenario to path
 */
import { createHash } from 'node:crypto'
import { appendFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { INVARIANTS, runTrace, type Invariant, type RunResult, type Violation } from './harness.js'
import { KNOWN_FAILURES } from './known-failures.js'
import { shrink } from './shrink.js'
import { generate, type Trace } from './trace.js'

const env = process.env
const SEEDS = Number(env.MODEL_SEEDS ?? 100)
const FIRST = Number(env.MODEL_FIRST_SEED ?? 1)
const SHRINK = Number(env.MODEL_SHRINK ?? 2)
const modes = env.MODEL_FAULTS === undefined ? [false, true] : [env.MODEL_FAULTS === '1']
const replay = env.MODEL_TRACE ?? env.MODEL_SEED
const DUMP = env.MODEL_DUMP
if (DUMP) writeFileSync(DUMP, '')

interface Failure {
  seed: number
  violations: Violation[]
}

async function sweep(faults: boolean) {
  const failures: Failure[] = []
  const counts = Object.fromEntries(INVARIANTS.map((name) => [name, 0])) as Record<
    Invariant,
    number
  >
  let converged = 0
  let skipped = 0
  const started = performance.now()
  for (let seed = FIRST; seed < FIRST + SEEDS; seed++) {
    const known = (faults ? KNOWN_FAILURES.withFaults : KNOWN_FAILURES.withoutFaults)[seed]
    if (known && env.MODEL_ALL !== '1') {
      skipped++
      continue
    }
    const trace = generate(seed, { faults })
    const result = await runTrace(trace, { verbose: DUMP !== undefined })
    if (DUMP) dump(DUMP, faults, seed, trace, result)
    const names = new Set(result.violations.map((v) => v.invariant))
    for (const name of names) counts[name]++
    if (!names.has('convergence')) converged++
    if (result.violations.length > 0) failures.push({ seed, violations: result.violations })
  }
  const ran = SEEDS - skipped
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `model ${faults ? 'with' : 'without'} transient failures: seeds ${FIRST}..${FIRST + SEEDS - 1}, ` +
      `${ran} run (${skipped} known failures skipped) in ${seconds} s; ` +
      `converged ${((100 * converged) / Math.max(1, ran)).toFixed(1)} %; scenarios violating: ` +
      (INVARIANTS.filter((name) => counts[name] > 0)
        .map((name) => `${name} ${counts[name]}`)
        .join(', ') || 'none'),
  )
  const focus = env.MODEL_INVARIANT as Invariant | undefined
  const shown = focus
    ? failures.filter((f) => f.violations.some((v) => v.invariant === focus))
    : failures
  for (const failure of shown.slice(0, SHRINK)) await report(failure, faults, focus)
  if (failures.length > SHRINK) {
    console.log(`failing seeds: ${failures.map((f) => f.seed).join(' ')}`)
  }
  return failures
}

/**
 * One line per scenario: its mode and seed, then digests of its trace, of its log (every request,
 * response, swap and client event, with its time) and of its verdict. Two runs of the suite that
 * behave the same write the same file: a refactoring of the harness is checked with `diff`.
 */
function dump(path: string, faults: boolean, seed: number, trace: Trace, result: RunResult) {
  const digest = (value: unknown) =>
    createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)
  const verdict = result.violations.map((v) => `${v.invariant}@${v.t}`).join(',') || 'ok'
  const line = [
    `faults=${faults ? 1 : 0}`,
    `seed=${seed}`,
    `trace=${digest(trace)}`,
    `log=${digest(result.log)}`,
    `reloads=${result.syncReloads}`,
    `verdict=${digest(result.violations)}`,
    verdict,
  ]
  appendFileSync(path, line.join(' ') + '\n')
}

async function report({ seed, violations }: Failure, faults: boolean, focus?: Invariant) {
  const first = violations.find((v) => v.invariant === focus) ?? violations[0]!
  const small = await shrink(generate(seed, { faults }), first.invariant, (trace) =>
    runTrace(trace),
  )
  const again = await runTrace(small)
  console.log(
    [
      `seed ${seed} (faults ${faults ? 'on' : 'off'}): ${first.invariant}: ${first.detail}`,
      `  replay: MODEL_SEED=${seed} MODEL_FAULTS=${faults ? 1 : 0} npm run test:model`,
      `  shrunk to ${small.ops.length} ops (${again.violations.map((v) => v.invariant).join(', ') || 'no longer fails'}):`,
      `  MODEL_TRACE='${JSON.stringify(small)}' npm run test:model`,
    ].join('\n'),
  )
}

async function replayOne(input: string) {
  const trace: Trace = input.trim().startsWith('{')
    ? JSON.parse(input)
    : generate(Number(input), { faults: modes.at(-1)! })
  const result = await runTrace(trace, { verbose: true })
  console.log(
    [
      JSON.stringify(trace),
      ...result.log,
      ...result.violations.map((v) => `${v.invariant} at ${v.t}: ${v.detail}`),
    ].join('\n'),
  )
  return result.violations
}

describe('client model', () => {
  if (replay) {
    it('replays one scenario', async () => {
      expect(await replayOne(replay)).toEqual([])
    }, 600_000)
    return
  }
  for (const faults of modes) {
    it(
      `keeps every invariant ${faults ? 'with' : 'without'} transient failures`,
      async () => {
        const failures = await sweep(faults)
        expect(failures.map((f) => `seed ${f.seed}: ${f.violations[0]!.invariant}`)).toEqual([])
      },
      Math.max(60_000, SEEDS * 2_000),
    )
  }
})
