import { reflectOnDocument } from './status.js'
import type { SyncStatus } from './types.js'

/**
 * Publishes the status: each change of the registry's state is a new revision; the status is
 * built at most once per revision, and reported (the `status` event, `<html data-sync-*>`) only
 * when it really differs from the last one reported.
 */
export class StatusPublisher {
  private revision = 0
  private snapshot: SyncStatus | null = null
  private builtAt = -1
  private published: string | null = null

  constructor(
    private readonly build: () => SyncStatus,
    private readonly report: (status: SyncStatus) => void,
    private readonly domAttributes: () => boolean,
  ) {}

  /** The status at the current revision; the same object until something changes. */
  get(): SyncStatus {
    if (this.builtAt !== this.revision || !this.snapshot) {
      this.snapshot = this.build()
      this.builtAt = this.revision
    }
    return this.snapshot
  }

  /** The state moved: a new revision; the status is reported if it differs. */
  changed(): void {
    this.revision++
    const status = this.get()
    const json = JSON.stringify(status)
    if (json === this.published) return
    this.published = json
    if (this.domAttributes()) reflectOnDocument(status)
    this.report(status)
  }
}
