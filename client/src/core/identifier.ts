/**
 * Builds an identifier such as `Account:PNvAYr` or `Account:PNvAYr/account_users`.
 *
 * Returns `null` when `id` is missing (`null`, `undefined` or `''`), so a mapping built from a
 * record that is not there yet is skipped by `syncWithRails` rather than subscribed as
 * `Account:null`. Ids are never filtered by their content: `Account:nullify1` is a fine id.
 *
 * Typed by overload, so a key built from a present id needs no cast: a `string | number` id gives
 * `string`, a `null`/`undefined` one gives `null`, and an optional one (`account?.id`) gives
 * `string | null`.
 *
 * @example
 * buildIdentifier('Account', account.id) // 'Account:PNvAYr' (typed string)
 * buildIdentifier('Account', account?.id) // 'Account:PNvAYr' or null
 * buildIdentifier('Account', account.id, 'account_users') // 'Account:PNvAYr/account_users'
 */
export function buildIdentifier(
  model: string,
  id: string | number,
  collection?: string | null,
): string
export function buildIdentifier(
  model: string,
  id: null | undefined,
  collection?: string | null,
): null
export function buildIdentifier(
  model: string,
  id: string | number | null | undefined,
  collection?: string | null,
): string | null
export function buildIdentifier(
  model: string,
  id: string | number | null | undefined,
  collection?: string | null,
): string | null {
  if (!model || id === null || id === undefined || id === '') return null
  let identifier = `${model}:${id}`
  if (collection) identifier += `/${collection}`
  return identifier
}
