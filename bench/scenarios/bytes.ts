/** Bytes per marker frame: the raw WebSocket text frame of a real marker, without and with origin. */
import { CableClient } from '../lib/cable-client.ts'
import type { Session } from '../lib/session.ts'
import { sleep, withTimeout } from '../lib/stats.ts'

export interface BytesResult {
  plain: number
  withOrigin: number
  plainFrame: string
  originFrame: string
}

const ORIGIN = 'tab3fK9x2LmQ' // a tab id as the client makes them: 12 base62 characters

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
    const capture = async (origin?: string): Promise<string> => {
      const frame = new Promise<string>((resolve) => {
        client.markerListeners.length = 0
        client.markerListeners.push((marker, _at, raw) => {
          if (marker.identifier === identifier) resolve(raw.toString('utf8'))
        })
      })
      await session.renameAccount(account, `Acme bytes ${Date.now()}`, origin)
      return withTimeout(frame, 10_000, 'no marker within 10 s')
    }
    const plainFrame = await capture()
    const originFrame = await capture(ORIGIN)
    if (!originFrame.includes(ORIGIN)) throw new Error(`marker without origin: ${originFrame}`)
    return {
      plain: Buffer.byteLength(plainFrame),
      withOrigin: Buffer.byteLength(originFrame),
      plainFrame,
      originFrame,
    }
  } finally {
    client.close()
  }
}
