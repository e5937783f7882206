import { expect, test } from '../support/fixtures'
import { scrollUntilRows } from './inertia-support'
import {
  changesOnFirstAndLastPageShow,
  expectUniqueRows,
  openList,
  removedGoesAndAddedShows,
  rows,
} from './inertia-list-steps'

// `InertiaRails.scroll` + `<InfiniteScroll>` with `syncWithRails` on the same prop.

test('infinite scroll: changes on the first and last loaded page show, every page kept, no duplicates, scroll kept', async ({
  alice,
  acme,
}) => {
  const list = await openList(alice, acme, 'tasks')
  await scrollUntilRows(list.tab, 30)
  await expect(rows(list.tab)).toHaveCount(30)
  await changesOnFirstAndLastPageShow(list)
  await removedGoesAndAddedShows(list)
  // InfiniteScroll still loads the next page (4) when the end of the list comes into view.
  await scrollUntilRows(list.tab, 40)
  await expect(rows(list.tab)).toHaveCount(40)
  await expectUniqueRows(list.tab, 40)
})
