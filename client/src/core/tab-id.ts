const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A fresh random id for this tab: 12 base62 characters (~71 bits). Kept in memory only, so a
 * duplicated tab (which copies sessionStorage) still gets its own id.
 */
export function generateTabId(length = 12): string {
  const bytes = new Uint8Array(length)
  const webCrypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } })
    .crypto
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256)
  let id = ''
  // The slight modulo bias is harmless for an id that only has to be unlikely to collide.
  for (const byte of bytes) id += ALPHABET[byte % 62]
  return id
}
