/**
 * Subscribe, then commit at once: a new tab's first change. Each try opens a client, waits for the
 * `subscribed` reply, sends the rename immediately, and waits up to 2 s for its marker. A marker
 * that never comes leaves the tab stale until the identifier's next change (the reply's version
 * was read before the commit), so any loss breaks the design's convergence promise.
 */
import { CableClient } from '../lib/cable-client.ts'
import type { Session } from '../lib/session.ts'
import { withTimeout } from '../lib/stats.ts'

export interface RaceResult {
  label: string
  tries: number
  lost: number
  errors: string[]
}

export async function subscribeRace(
  label: string,
  /** Clients connect here… */
  reader: Session,
  /** …and the commits go here (another process when on Redis). */
  writer: Session,
  account: string,
  tries: number,
): Promise<RaceResult> {
  const identifier = `Account:${account}`
  const errors: string[] = []
  let lost = 0
  for (let i = 0; i < tries; i++) {
    const client = await new CableClient(
      reader.baseURL.replace(/^http/, 'ws') + '/cable',
      reader.cookie,
      reader.baseURL,
    ).connect()
    try {
      const marker = new Promise<void>((resolve) =>
        client.markerListeners.push((m) => m.identifier === identifier && resolve()),
      )
      const reply = await client.subscribeTo(identifier)
      if (reply.type !== 'subscribed') throw new Error(`subscribe_to: ${reply.code}`)
      await writer.renameAccount(account, `Acme race ${i} ${Date.now()}`)
      await withTimeout(marker, 2000, 'lost').catch(() => lost++)
      errors.push(...client.errors)
    } finally {
      client.close()
    }
  }
  console.error(`  subscribe → commit at once, ${label}: lost ${lost}/${tries}`)
  return { label, tries, lost, errors }
}
