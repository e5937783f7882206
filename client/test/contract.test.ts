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
  ORIGIN_HEADER,
  ORIGIN_PATTERN,
  PAGE_PROP,
  PROTOCOL_VERSION,
  SyncRegistry,
  isSyncMarker,
  isSyncReply,
  isValidIdentifier,
  isValidOrigin,
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
    expect(ORIGIN_HEADER).toBe(contract.originHeader)
    expect(ORIGIN_PATTERN.source).toBe(contract.originPattern)
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

  it('generates origins the server accepts, and sends the marker origin example as foreign', () => {
    const origin = new SyncRegistry().origin
    expect(isValidOrigin(origin)).toBe(true)
    expect(new RegExp(contract.originPattern).test(origin)).toBe(true)
    expect(origin.length).toBe(12)
    expect(isValidOrigin(contract.markers.create_with_origin.origin)).toBe(true)
  })
})
