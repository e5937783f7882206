/**
 * The HTTP connection a tab's reloads travel on. A browser keeps its connection to the app's origin
 * open between requests (Chrome keeps a used idle socket for minutes, Puma keeps it for 65 s), so a
 * viewer's reload, seconds after the previous one, reuses it. Node's `fetch` pools connections for
 * the whole process instead, opens one per concurrent request and closes each after 4 s idle: a crowd
 * of tabs reloading together opens hundreds of new TCP connections per commit, which a crowd of
 * browsers would not. `BENCH_TAB_CONNECTIONS=shared` keeps `fetch`'s pool (to compare the two).
 */
import { Agent, request } from 'node:http'

export interface Reply {
  status: number
  setCookies: string[]
  body: string
}

export const tabsShareFetchPool = process.env.BENCH_TAB_CONNECTIONS === 'shared'

/** One kept-alive connection (a tab makes one reload at a time). */
export class TabConnection {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 })

  get(url: string, headers: Record<string, string>): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            setCookies: res.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      })
      req.on('error', reject)
      req.end()
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
