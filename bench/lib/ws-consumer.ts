/**
 * An Action Cable consumer for the real `SyncRegistry`, built on `CableClient` (a `ws` socket in
 * Node) instead of `@rails/actioncable` (which needs a browser). It implements the registry's
 * `CableConsumer` interface: `subscriptions.create(params, mixin)`, `disconnect()`.
 */
import type { CableConsumer, CableSubscription, CableSubscriptionMixin } from 'inertia-sync'
import { CableClient, CHANNEL_IDENTIFIER } from './cable-client.ts'
import type { Session } from './session.ts'

export class WsConsumer implements CableConsumer {
  readonly client: CableClient
  errors: string[] = []

  constructor(session: Session) {
    this.client = new CableClient(
      session.baseURL.replace(/^http/, 'ws') + '/cable',
      session.cookie,
      session.baseURL,
    )
  }

  readonly subscriptions = {
    create: (params: { channel: string }, mixin: CableSubscriptionMixin): CableSubscription => {
      if (JSON.stringify(params) !== CHANNEL_IDENTIFIER) throw new Error('only SyncChannel')
      this.client.messageListeners.push((message) => mixin.received?.(message))
      this.client.connect().then(
        () => mixin.connected?.({ reconnected: false }),
        (error: Error) => {
          this.errors.push(error.message)
          mixin.disconnected?.({ willAttemptReconnect: false })
        },
      )
      return {
        perform: (action: string, data: Record<string, unknown> = {}) =>
          this.client.perform(action, data),
        unsubscribe: () => this.client.close(),
      }
    },
  }

  disconnect(): void {
    this.client.close()
  }
}
