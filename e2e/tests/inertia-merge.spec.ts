import { test } from '../support/fixtures'
import {
  changesOnFirstAndLastPageShow,
  expectUniqueRows,
  loadMore,
  openList,
  removedGoesAndAddedShows,
} from './inertia-list-steps'

// "Load more" with `InertiaRails.merge` (`?page=N` appended) and `syncWithRails` on the same prop.

test('merge props: changes on the first and last loaded page show, every page kept, no duplicates', async ({
  alice,
  acme,
}) => {
  const list = await openList(alice, acme, 'tasks/more')
  await loadMore(list.tab, 30)
  await changesOnFirstAndLastPageShow(list)
  await removedGoesAndAddedShows(list)
  // "Load more" still goes on from page 3.
  await loadMore(list.tab, 40)
  await expectUniqueRows(list.tab, 40)
})

test('merge props: a sync reload on the first page alone never appends it again', async ({
  alice,
  acme,
}) => {
  const list = await openList(alice, acme, 'tasks/more')
  await removedGoesAndAddedShows({ ...list, pages: 1 })
})
