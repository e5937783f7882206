/**
 * Shrunk traces the model search found, replayed on every run: each failed on the client of its
 * day and must keep passing. Add a trace here (from a `MODEL_TRACE='…'` line) with what it found.
 */
import { describe, expect, it } from 'vitest'
import { runTrace } from './harness.js'
import type { Trace } from './trace.js'

const REGRESSIONS: Array<{ found: string; trace: Trace }> = [
  {
    found:
      'the back button cancels a hanging partial visit; the reload resumed in that cancellation asked the restored page for the props of the page being left (foreign-props; seed 319 with faults)',
    trace: JSON.parse(
      '{"net":1540483242,"ops":[{"t":0,"kind":"visit","path":"/users","mount":0},{"t":0,"kind":"hide"},{"t":0,"kind":"fail","what":"hang","target":"any"},{"t":665,"kind":"commit","ids":["User:all"],"gap":0,"delays":[0]},{"t":842,"kind":"back","mount":0}]}',
    ),
  },
  {
    found:
      'the back button cancels a POST whose job commits later; the resumed reload asked the restored page for the props of the page being left (foreign-props; seed 508 without faults)',
    trace: JSON.parse(
      '{"net":1540483177,"ops":[{"t":0,"kind":"drop","down":0},{"t":1045,"kind":"visit","path":"/users","mount":0},{"t":1165,"kind":"visit","path":"/users","mount":0},{"t":1914,"kind":"commit","ids":["Account:all","Account:a1/account_users","Account:a2/account_users"],"gap":0,"delays":[0]},{"t":2255,"kind":"commit","ids":["Account:all","Account:a2","Account:a2/account_users","User:all"],"gap":0,"delays":[0]},{"t":2343,"kind":"post","ids":["User:all"],"job":{"ids":["Account:a1/account_users"],"delay":0}},{"t":3313,"kind":"back","mount":0}]}',
    ),
  },
]

describe('model regressions', () => {
  for (const { found, trace } of REGRESSIONS) {
    it(found, async () => {
      expect((await runTrace(trace)).violations).toEqual([])
    })
  }
})
