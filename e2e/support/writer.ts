import type { Page } from '@playwright/test'

/**
 * Makes changes through the running server the way another user's browser
 * would (plain fetch with the page's CSRF token, no Inertia, no origin header),
 * so every tab under test sees them as someone else's writes.
 */
export class Writer {
  constructor(private readonly page: Page) {}

  async renameAccount(id: string, name: string): Promise<void> {
    await this.send('PATCH', `/accounts/${id}`, { account: { name } })
  }

  /**
   * `count` renames spread evenly over `withinMs`, the last one named `${prefix} ${count}`, one
   * after another. Returns how long they took: more than `withinMs` when the server is slow.
   */
  async burstRename(id: string, prefix: string, count: number, withinMs: number): Promise<number> {
    return this.page.evaluate(
      async ({ id, prefix, count, withinMs }) => {
        const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content
        const started = performance.now()
        for (let i = 1; i <= count; i++) {
          const response = await fetch(`/accounts/${id}`, {
            method: 'PATCH',
            redirect: 'manual',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
            body: JSON.stringify({ account: { name: `${prefix} ${i}` } }),
          })
          if (response.type !== 'opaqueredirect' && !response.ok)
            throw new Error(`rename ${i}: ${response.status}`)
          const due = (withinMs * i) / count - (performance.now() - started)
          if (due > 0 && i < count) await new Promise((r) => setTimeout(r, due))
        }
        return performance.now() - started
      },
      { id, prefix, count, withinMs },
    )
  }

  async addMember(accountId: string, email: string): Promise<void> {
    await this.send('POST', `/accounts/${accountId}/members`, { member: { email_address: email } })
  }

  async send(method: string, path: string, body: unknown): Promise<void> {
    await this.page.evaluate(
      async ({ method, path, body }) => {
        const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content
        const response = await fetch(path, {
          method,
          redirect: 'manual',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify(body),
        })
        if (response.type !== 'opaqueredirect' && !response.ok)
          throw new Error(`${method} ${path}: ${response.status}`)
      },
      { method, path, body },
    )
  }
}
