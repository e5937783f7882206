import { describe, expect, it, vi } from 'vitest'
import { INERTIA_HEADERS, drain, pending, router, settle, syncReloads } from './helpers/inertia.js'
import { useWorld } from './helpers/world.js'

// The address bar and the page shown can disagree: the back button after a deploy makes Inertia
// load the history entry anew (its asset version is old), and when that visit fails the address
// bar names the entry while the previous page is still shown. Inertia's `router.reload` visits the
// address bar's URL. Real @inertiajs/core router (2.x and 3.x), fake XMLHttpRequest, fake cable.
const w = useWorld()

/** On /accounts after a deploy, the back button's load of /settings failed with a 500. */
async function backFailedAfterDeploy() {
  await w.boot('/settings')
  router.visit('/accounts')
  await settle()
  const visit = pending()[0]!
  // The response after the deploy: a new asset version, which /settings' history entry lacks.
  visit.respond(
    200,
    INERTIA_HEADERS,
    JSON.stringify({ ...w.server.render('/accounts'), version: '2' }),
  )
  await settle()
  w.subscribeAccountsPage()
  await w.cable.settle()
  window.history.back()
  await vi.advanceTimersByTimeAsync(1) // jsdom traverses the history on a timer
  await settle()
  const reload = pending()[0]!
  expect(reload.path).toBe('/settings') // Inertia's own load of the entry the user went back to
  reload.respond(500, { 'content-type': 'text/html' }, '<h1>We are sorry</h1>')
  await settle()
  expect(window.location.pathname).toBe('/settings')
}

describe('a sync reload while the address bar names another page than the one shown', () => {
  it('asks the shown page’s own URL for its props, leaving the address bar and history as they are', async () => {
    // Inertia's error dialog for its own failed visit (2.x: `invalid`, 3.x: `httpException`).
    const offs = ['invalid', 'httpException'].map((name) => router.on(name as never, () => false))
    try {
      await backFailedAfterDeploy()
      const entries = window.history.length
      w.commit('Account:all', () => w.db.accounts.push('a2'))
      await vi.advanceTimersByTimeAsync(30)
      expect(syncReloads()).toHaveLength(1)
      const sync = syncReloads()[0]!
      expect([sync.path, sync.only]).toEqual(['/accounts', ['accounts']])
      await drain(w.server)
      expect(w.props().accounts).toEqual(['a1', 'a2'])
      expect(w.registry.getStatus()).toMatchObject({ ready: true, pending: [] })
      expect(window.location.pathname).toBe('/settings')
      expect(window.history.length).toBe(entries)
    } finally {
      for (const off of offs) off()
    }
  })
})
