// @vitest-environment node
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  CHANNEL,
  ERROR_CODES,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_PATTERN,
  PAGE_PROP,
  PROTOCOL_VERSION,
  isSyncMarker,
  isSyncReply,
  isValidIdentifier,
  parseMessage,
  readPageProp,
} from '../src/index.js'

// The shared wire-protocol fixture, also read by the gem's tests.
const contract = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../contract/protocol.json', import.meta.url)), 'utf8'),
)

describe('wire protocol contract (contract/protocol.json)', () => {
  it('uses the same names', () => {
    expect(PROTOCOL_VERSION).toBe(contract.protocolVersion)
    expect(CHANNEL).toBe(contract.channel)
    expect(PAGE_PROP).toBe(contract.pageProp)
    expect([...ERROR_CODES]).toEqual(contract.errorCodes)
    expect(ACTIONS.subscribe).toBe(contract.actions.subscribe.action)
    expect(ACTIONS.unsubscribe).toBe(contract.actions.unsubscribe.action)
  })

  it('validates identifiers with the same grammar', () => {
    expect(IDENTIFIER_PATTERN.source).toBe(new RegExp(contract.identifier.pattern).source)
    expect(IDENTIFIER_MAX_LENGTH).toBe(contract.identifier.maxLength)
    for (const valid of contract.identifier.valid)
      expect(isValidIdentifier(valid), valid).toBe(true)
    for (const invalid of contract.identifier.invalid) {
      expect(isValidIdentifier(invalid), invalid).toBe(false)
    }
    expect(isValidIdentifier(`Account:${'x'.repeat(64)}/${'y'.repeat(64)}`)).toBe(true)
    expect(isValidIdentifier(`A${'b'.repeat(200)}:all`)).toBe(false)
  })

  it('parses every reply and marker example', () => {
    for (const [name, reply] of Object.entries(contract.replies)) {
      expect(isSyncReply(reply), name).toBe(true)
      expect(isSyncMarker(reply), name).toBe(false)
      expect(parseMessage(reply), name).toEqual(reply)
    }
    for (const [name, marker] of Object.entries(contract.markers)) {
      expect(isSyncMarker(marker), name).toBe(true)
      expect(isSyncReply(marker), name).toBe(false)
      expect(parseMessage(marker), name).toEqual(marker)
    }
    expect(
      parseMessage({ type: 'error', identifier: null, error: 'x', code: 'invalid_identifier' }),
    ).not.toBeNull()
    expect(parseMessage({ identifier: 'Account:all', action: 'explode', timestamp: 1 })).toBeNull()
    expect(parseMessage('hello')).toBeNull()
  })

  it('reads the page prop example', () => {
    const example = contract.pagePropExample[contract.pageProp]
    expect(readPageProp(contract.pagePropExample)).toEqual(example)
  })

  it('carries no tab id (protocol 2): no origin in the fixture, an old server origin is ignored', () => {
    expect(contract.originHeader).toBeUndefined()
    expect(contract.originPattern).toBeUndefined()
    for (const marker of Object.values(contract.markers))
      expect(marker).not.toHaveProperty('origin')
    const old = { ...contract.markers.update, origin: 'abcdefgh1234' }
    expect(isSyncMarker(old)).toBe(true)
  })

  it('reads the spread hint, and refuses a malformed one', () => {
    expect(parseMessage(contract.markers.update_with_spread)).toMatchObject({ spread: 1200 })
    expect(isSyncMarker({ ...contract.markers.update, spread: -1 })).toBe(false)
    expect(isSyncMarker({ ...contract.markers.update, spread: '5' })).toBe(false)
  })
})
