/**
 * Bytes per marker frame: the raw WebSocket text frame of a real marker as one follower receives
 * it. Protocol v2 markers carry no origin (no tab id), so there is one frame to measure; a marker
 * to a large audience also carries `spread` (the audience benchmark records that frame).
 */
import { CableClient } from '../lib/cable-client.ts'
import type { Session } from '../lib/session.ts'
import { sleep, withTimeout } from '../lib/stats.ts'

export interface BytesResult {
  plain: number
  plainFrame: string
  /** Whether the marker had an `origin` field (protocol v1); v2 servers send none. */
  hasOrigin: boolean
}

export async function markerBytes(session: Session, account: string): Promise<BytesResult> {
  const identifier = `Account:${account}`
  const client = await new CableClient(
    session.baseURL.replace(/^http/, 'ws') + '/cable',
    session.cookie,
    session.baseURL,
  ).connect()
  try {
    const reply = await client.subscribeTo(identifier)
    if (reply.type !== 'subscribed') throw new Error(`subscribe_to: ${JSON.stringify(reply)}`)
    // A commit right after `subscribed` can miss the stream (see subscribe-race.ts): measure bytes,
    // not that race.
    await sleep(300)
    const frame = new Promise<string>((resolve) => {
      client.markerListeners.push((marker, _at, raw) => {
        if (marker.identifier === identifier) resolve(raw.toString('utf8'))
      })
    })
    await session.renameAccount(account, `Acme bytes ${Date.now()}`)
    const plainFrame = await withTimeout(frame, 10_000, 'no marker within 10 s')
    const message = (JSON.parse(plainFrame) as { message: Record<string, unknown> }).message
    return { plain: Buffer.byteLength(plainFrame), plainFrame, hasOrigin: 'origin' in message }
  } finally {
    client.close()
  }
}
