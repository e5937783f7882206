import type { Invariant, RunResult } from './harness.js'
import type { Op, Trace } from './trace.js'

export type Runner = (trace: Trace) => Promise<RunResult>

/**
 * Shrinks a failing trace while it still breaks `invariant`: drops chunks of operations, then
 * single ones, then shortens every delay and pulls operations earlier. `budget` bounds the runs.
 */
export async function shrink(
  trace: Trace,
  invariant: Invariant,
  run: Runner,
  budget = 250,
): Promise<Trace> {
  let best = trace
  let runs = 0
  const fails = async (candidate: Trace) => {
    if (runs >= budget) return false
    runs++
    const result = await run(candidate)
    return result.violations.some((v) => v.invariant === invariant)
  }

  // Drop operations: halves, quarters, ... single ones.
  for (let size = Math.ceil(best.ops.length / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let start = 0; start < best.ops.length;) {
      const candidate = {
        ...best,
        ops: [...best.ops.slice(0, start), ...best.ops.slice(start + size)],
      }
      if (await fails(candidate)) best = candidate
      else start += size
    }
    if (size === 1) break
  }

  // Shorten numbers: to 0, else halve, as long as it still fails.
  for (let i = 0; i < best.ops.length; i++) {
    for (const path of numberPaths(best.ops[i]!)) {
      for (;;) {
        const value = read(best.ops[i]!, path)
        if (value <= 0) break
        let improved = false
        for (const next of [0, Math.floor(value / 2)]) {
          if (next >= value) continue
          const ops = [...best.ops]
          ops[i] = write(ops[i]!, path, next)
          const candidate = { ...best, ops }
          if (await fails(candidate)) {
            best = candidate
            improved = true
            break
          }
        }
        if (!improved) break
      }
    }
  }
  return best
}

type Path = Array<string | number>

function numberPaths(op: Op): Path[] {
  const paths: Path[] = []
  const walk = (value: unknown, path: Path) => {
    if (typeof value === 'number') paths.push(path)
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]))
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
    }
  }
  walk(op, [])
  return paths
}

function read(op: Op, path: Path): number {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], op) as number
}

function write(op: Op, path: Path, value: number): Op {
  const copy = structuredClone(op)
  let target = copy as unknown as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>
  target[path.at(-1)!] = value
  return copy
}
