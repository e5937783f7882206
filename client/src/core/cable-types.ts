/** The shapes of Action Cable the registry uses (structural, so any compatible consumer fits). */

/**
 * The parts of an Action Cable consumer the registry uses: the app's own consumer from
 * `@rails/actioncable`'s `createConsumer()`, an AnyCable-compatible one, or `FakeCable` in tests.
 */
export interface CableConsumer {
  subscriptions: {
    create(params: { channel: string }, mixin: CableSubscriptionMixin): CableSubscription
  }
  disconnect?(): void
  /** Read (never driven) to report `failed` while Action Cable keeps retrying a dead server. */
  connection?: { monitor?: { reconnectAttempts?: number } }
}

export interface CableSubscriptionMixin {
  connected?(details?: { reconnected?: boolean }): void
  disconnected?(details?: { willAttemptReconnect?: boolean }): void
  rejected?(): void
  received?(data: unknown): void
}

export interface CableSubscription {
  perform(action: string, data?: Record<string, unknown>): unknown
  unsubscribe(): unknown
}
