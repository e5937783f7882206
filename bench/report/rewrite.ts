/**
 * Rewrites docs/performance.md and bench/performance.svg from the last full run's saved results
 * (bench/results/full.json), without measuring again: for changes to the report's layout only.
 *   node_modules/.bin/tsx report/rewrite.ts
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeReport } from './markdown.ts'
import type { Results } from './results.ts'

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = JSON.parse(readFileSync(join(benchDir, 'results', 'full.json'), 'utf8')) as Results
console.log((await writeReport(results, benchDir)).join('\n'))
