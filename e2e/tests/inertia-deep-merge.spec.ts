import { test } from '../support/fixtures'
import {
  changesOnFirstAndLastPageShow,
  expectUniqueRows,
  loadMore,
  openList,
  removedGoesAndAddedShows,
} from './inertia-list-steps'

// `InertiaRails.deep_merge` (an object whose `tasks` grow page by page), without and with
// `match_on`, and `syncWithRails` on the same prop.

for (const { name, query } of [
  { name: 'deep merge', query: '' },
  { name: 'deep merge with match_on', query: '?match=1' },
]) {
  test(`${name}: changes on the first and last loaded page show, every page kept, no duplicates`, async ({
    alice,
    acme,
  }) => {
    const list = await openList(alice, acme, `tasks/board${query}`)
    await loadMore(list.tab, 30)
    await changesOnFirstAndLastPageShow(list)
    await removedGoesAndAddedShows(list)
    // "Load more" still goes on from page 3 (the composed board says its next page is 4).
    await loadMore(list.tab, 40)
    await expectUniqueRows(list.tab, 40)
  })
}
