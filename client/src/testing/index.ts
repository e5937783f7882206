export {
  FakeCable,
  FakeChannel,
  createFakeConsumer,
  type FakeCableOptions,
  type PerformedAction,
} from './fake-cable.js'
export {
  SYNC_READY_EXPRESSION,
  syncReloadCount,
  waitForSync,
  waitForSyncReloads,
  type PlaywrightPageLike,
  type WaitOptions,
} from './browser.js'
