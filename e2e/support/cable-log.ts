import { expect, type Page, type WebSocket } from '@playwright/test'

/** A sync marker as a tab's socket received it. */
export interface HeardMarker {
  identifier: string
  action: string
  version: number | null
}

const logs = new WeakMap<Page, CableLog>()

/**
 * The sync markers a tab's sockets received, read from the network: what the tab was told,
 * whatever it made of it. A test that proves a tab did *not* react to a change waits for the
 * marker first, so its quiet window starts after the cause, however slow the machine.
 */
export class CableLog {
  readonly markers: HeardMarker[] = []

  private constructor(page: Page) {
    page.on('websocket', (socket) => this.listen(socket))
  }

  /** Starts logging a tab's sockets; call it before the tab opens one (right after newPage). */
  static watch(page: Page): CableLog {
    let log = logs.get(page)
    if (!log) {
      log = new CableLog(page)
      logs.set(page, log)
    }
    return log
  }

  static of(page: Page): CableLog {
    const log = logs.get(page)
    if (!log)
      throw new Error('This tab was not opened through the fixtures: its socket is not logged')
    return log
  }

  count(identifier: string): number {
    return this.markers.filter((marker) => marker.identifier === identifier).length
  }

  private listen(socket: WebSocket): void {
    socket.on('framereceived', ({ payload }) => {
      const marker = markerIn(String(payload))
      if (marker) this.markers.push(marker)
    })
  }
}

/** An Action Cable frame's message, if it is a sync marker (it has an action; replies have a type). */
function markerIn(payload: string): HeardMarker | null {
  let frame: { message?: { identifier?: unknown; action?: unknown; version?: unknown } }
  try {
    frame = JSON.parse(payload)
  } catch {
    return null
  }
  const message = frame.message
  if (typeof message?.identifier !== 'string' || typeof message.action !== 'string') return null
  const version = typeof message.version === 'number' ? message.version : null
  return { identifier: message.identifier, action: message.action, version }
}

/**
 * Counts from now the markers for `identifier` that the tab receives; `arrived(n)` waits until
 * `n` of them (default 1) have come. Create it before the write that sends them.
 *
 * @example
 * const renamed = markersFor(tab, `Account:${acme}`)
 * await writer.renameAccount(acme, 'New name')
 * await renamed.arrived()
 */
export function markersFor(page: Page, identifier: string) {
  const log = CableLog.of(page)
  const before = log.count(identifier)
  return {
    arrived: async (count = 1, timeout = 15_000): Promise<void> => {
      await expect
        .poll(() => log.count(identifier) - before, {
          message: `${count} marker(s) for ${identifier} reach the tab`,
          timeout,
        })
        .toBeGreaterThanOrEqual(count)
    },
  }
}
