import { readFileSync } from 'node:fs';
import {
  DISCONNECT_REASON_TEXT,
  DisconnectReason,
  decodeMessage,
  describeDisconnectReason,
  disconnectReasonName,
  encodeMessage,
} from '../../../wire';
import type { DisconnectReasonName } from '../../../wire';
import { SEED_FILE, toHex } from '../../helpers/vectors';

/** The seed's `disconnect_reasons_map`, read from the seed file: `('Bad protocol', 0x02), …`. */
function seedReasons(): Array<[string, number]> {
  const text = readFileSync(SEED_FILE, 'latin1');
  const start = text.indexOf('disconnect_reasons_map = dict((');
  const end = text.indexOf('disconnect_reasons_map_by_id', start);
  expect(start).toBeGreaterThan(0);
  const section = text.slice(start, end);
  return [...section.matchAll(/\('([^']+)', 0x([0-9a-fA-F]{2})\)/g)].map((m) => [m[1]!, parseInt(m[2]!, 16)]);
}

const names = Object.keys(DisconnectReason) as DisconnectReasonName[];

describe('Disconnect reasons', () => {
  it("match the seed's disconnect_reasons_map, text and code, all nine", () => {
    const seed = seedReasons();
    expect(seed).toHaveLength(9);
    const ours = names.map((n) => [DISCONNECT_REASON_TEXT[n], DisconnectReason[n]]);
    expect(ours.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual(seed.sort((a, b) => a[1] - b[1]));
  });

  it('name Bad protocol 2 and Client quitting 8, as the contract uses them', () => {
    expect(DisconnectReason.BadProtocol).toBe(2);
    expect(DisconnectReason.ClientQuitting).toBe(8);
    expect(DisconnectReason.UselessPeer).toBe(3);
  });

  it.each(names)('%s maps code → name → code', (name) => {
    expect(disconnectReasonName(DisconnectReason[name])).toBe(name);
    expect(describeDisconnectReason(DisconnectReason[name])).toBe(DISCONNECT_REASON_TEXT[name]);
  });

  it.each(names)('Disconnect(%s) is written as [0x01, code] and read back by code', (name) => {
    const code = DisconnectReason[name];
    const payload = encodeMessage({ command: 'Disconnect', reason: code });
    expect(toHex(payload)).toBe(code === 0 ? 'c20180' : `c201${code.toString(16).padStart(2, '0')}`);
    expect(decodeMessage(payload)).toEqual({ command: 'Disconnect', reason: code });
  });

  it('keeps an unknown code as a number and describes it as unknown, without failing', () => {
    expect(decodeMessage(Uint8Array.of(0xc2, 0x01, 0x2a))).toEqual({ command: 'Disconnect', reason: 0x2a });
    expect(disconnectReasonName(0x2a)).toBeUndefined();
    expect(describeDisconnectReason(0x2a)).not.toBe(describeDisconnectReason(0x02));
    expect(describeDisconnectReason(undefined)).not.toBe(describeDisconnectReason(0x2a));
  });
});
