import type { CableConsumer, CableSubscription } from './cable-types.js'
import { Emitter } from './emitter.js'
import type { RegistryOptions } from './options.js'
import { CHANNEL } from './protocol.js'
import { ReconnectWatch } from './reconnect-watch.js'
import { isBrowser } from './settings.js'
import type { ChannelAction } from './subscriptions.js'
import type { ConnectionState } from './types.js'

/** Told of what the server transmits on the channel. */
export interface ChannelListener {
  received(data: unknown): void
}

interface ConnectionEvents {
  /** The connection state moved. */
  state: { state: ConnectionState; previous: ConnectionState }
  /** The channel is up (again): every subscription must be sent anew. */
  up: { isReconnect: boolean }
  /** The channel dropped: every subscription awaits the server again. */
  down: void
}

/**
 * The tab's one `SyncChannel` subscription: owns the Action Cable consumer (injected or created
 * lazily), the connection state, and the watch that turns endless reconnects into `failed`.
 */
export class Connection {
  private consumer: CableConsumer | null = null
  private ownsConsumer = false
  private channel: CableSubscription | null = null
  private connecting: Promise<void> | null = null
  private connectionState: ConnectionState = 'idle'
  private hasConnected = false
  private readonly watch: ReconnectWatch
  /** Set while we leave the channel ourselves, so its `disconnected` callback is not a drop. */
  private closing = false

  private readonly emitter = new Emitter<ConnectionEvents>()
  readonly on = this.emitter.on.bind(this.emitter)

  constructor(
    private readonly options: RegistryOptions,
    private readonly listener: ChannelListener,
  ) {
    this.watch = new ReconnectWatch(
      () => options.setting('reconnectAttempts'),
      () => this.consumer?.connection?.monitor?.reconnectAttempts ?? 0,
      () => this.connectionState === 'disconnected' && this.setConnection('failed'),
    )
  }

  get state(): ConnectionState {
    return this.connectionState
  }

  /** Switches to an injected consumer (the app's), leaving the current channel. */
  useConsumer(consumer: CableConsumer): void {
    if (consumer === this.consumer) return
    this.teardownChannel()
    if (this.connectionState !== 'rejected') this.setConnection('idle')
    this.consumer = consumer
    this.ownsConsumer = false
  }

  /** Subscribes to `SyncChannel`, creating a consumer with `@rails/actioncable` if none was given. */
  connect(): Promise<void> {
    if (!isBrowser() || !this.options.setting('enabled')) return Promise.resolve()
    if (this.channel) return Promise.resolve()
    if (this.connecting) return this.connecting
    this.setConnection('connecting')
    if (this.consumer) {
      this.openChannel(this.consumer)
      return Promise.resolve()
    }
    this.connecting = import('@rails/actioncable')
      .then((actioncable: { createConsumer(url?: string): unknown }) => {
        this.connecting = null
        if (this.connectionState !== 'connecting' || this.channel) return
        const url = this.options.option('cableUrl')
        this.consumer = actioncable.createConsumer(url) as CableConsumer
        this.ownsConsumer = true
        this.openChannel(this.consumer)
      })
      .catch((error: unknown) => {
        this.connecting = null
        this.options.log('could not load @rails/actioncable', error)
        this.setConnection('failed')
      })
    return this.connecting
  }

  /** `connect()` unless connected, connecting, disabled, or rejected by the server. */
  ensureConnected(): void {
    if (!isBrowser() || !this.options.setting('enabled') || this.channel || this.connecting) return
    if (this.connectionState === 'rejected') return
    void this.connect()
  }

  /** Sends `action` for `identifier` if the channel is up; otherwise `connected` will. */
  perform(action: ChannelAction, identifier: string): void {
    if (this.connectionState !== 'connected' || !this.channel) return
    this.options.log(action, identifier)
    this.channel.perform(action, { identifier })
  }

  /** Leaves the channel and goes idle (sync was disabled by the server). */
  stop(): void {
    this.teardownChannel()
    this.setConnection('idle')
  }

  /** Leaves the channel and disconnects a consumer we created; an injected one is left open. */
  close(): void {
    this.teardownChannel()
    if (this.consumer && this.ownsConsumer) {
      this.consumer.disconnect?.()
      this.consumer = null
      this.ownsConsumer = false
    }
  }

  /** After `close()`: the next connection is a first one, not a reconnect. */
  reset(): void {
    this.hasConnected = false
    this.setConnection('idle')
  }

  private openChannel(consumer: CableConsumer): void {
    this.closing = false
    this.channel = consumer.subscriptions.create(
      { channel: CHANNEL },
      {
        connected: (details) => this.handleConnected(details?.reconnected),
        disconnected: (details) => this.handleDisconnected(details?.willAttemptReconnect),
        rejected: () => this.handleRejected(),
        received: (data) => this.listener.received(data),
      },
    )
  }

  private teardownChannel(): void {
    this.watch.stop()
    if (!this.channel) return
    this.closing = true
    const channel = this.channel
    this.channel = null
    channel.unsubscribe()
    this.closing = false
  }

  private handleConnected(reconnected?: boolean): void {
    if (!this.channel) return
    const isReconnect = this.hasConnected || reconnected === true
    this.hasConnected = true
    this.watch.connected()
    this.setConnection('connected')
    this.emitter.emit('up', { isReconnect })
  }

  private handleDisconnected(willAttemptReconnect?: boolean): void {
    if (this.closing || !this.channel) return
    this.emitter.emit('down', undefined)
    if (this.watch.dropped(willAttemptReconnect)) {
      this.setConnection('failed')
    } else {
      this.setConnection('disconnected')
      this.watch.start()
    }
  }

  private handleRejected(): void {
    this.options.log('SyncChannel rejected (sync disabled on the server?)')
    this.channel = null
    this.watch.stop()
    this.setConnection('rejected')
  }

  private setConnection(state: ConnectionState): void {
    const previous = this.connectionState
    if (previous === state) return
    this.connectionState = state
    this.options.log('connection', previous, '→', state)
    this.emitter.emit('state', { state, previous })
  }
}
