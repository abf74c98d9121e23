import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import {
  Command,
  WireError,
  WireErrorCode,
  decodeBigUintCanonical,
  decodeMessage,
  encodeMessage,
  encodeMessageFrame,
  encodeUint,
} from '../../../wire';
import type { Message } from '../../../wire';
import { fromHex, toHex } from '../../helpers/vectors';

/** The code of the WireError `f` throws (undefined if it throws nothing). */
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err: unknown) {
    return err instanceof WireError ? err.code : `not a WireError: ${String(err)}`;
  }
  return undefined;
}

/*
 * The codec's fast paths (issue 8) against the plain way of doing the same: 256-bit integers through
 * 64-bit words against hex text and BigInt, the field-less messages against @ethereumjs/rlp itself, and
 * dotted quads read char by char against what a Peers entry must hold.
 */

/** The reference: canonical big-endian bytes through hex text. */
function referenceBytes(n: bigint): string {
  if (n === 0n) return '';
  const hex = n.toString(16);
  return hex.length % 2 ? `0${hex}` : hex;
}

/** A value of exactly `bytes` significant bytes. */
const valueOfLength = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => {
    b[0] = b[0]! | 1;
    return BigInt(`0x${Buffer.from(b).toString('hex')}`);
  });

describe('256-bit integers through 64-bit words', () => {
  it.each(Array.from({ length: 33 }, (_, i) => i + 1))(
    'writes and reads back every value of %i significant bytes as hex text would',
    (bytes) => {
      fc.assert(
        fc.property(valueOfLength(bytes), (n) => {
          const encoded = encodeUint(n);
          expect(toHex(encoded)).toBe(referenceBytes(n));
          expect(decodeBigUintCanonical(encoded, 'Transactions', 'r', 40)).toBe(n);
        }),
        { numRuns: 30 },
      );
    },
  );

  it('reads one value after another without leftovers of the longer one before it', () => {
    const long = fromHex('ff'.repeat(32));
    const short = fromHex('01' + '00'.repeat(7));
    expect(decodeBigUintCanonical(long, 'Transactions', 'r')).toBe(2n ** 256n - 1n);
    expect(decodeBigUintCanonical(short, 'Transactions', 'r')).toBe(2n ** 56n);
    expect(decodeBigUintCanonical(fromHex('01' + '00'.repeat(9)), 'Transactions', 'r')).toBe(2n ** 72n);
  });

  it('writes values of 2^256 and above through the portable path', () => {
    expect(toHex(encodeUint(2n ** 256n))).toBe('01' + '00'.repeat(32));
    expect(toHex(encodeUint(2n ** 300n + 5n))).toBe(referenceBytes(2n ** 300n + 5n));
  });

  it('still refuses a leading zero and a value wider than allowed', () => {
    expect(codeOf(() => decodeBigUintCanonical(fromHex('00' + 'ff'.repeat(31)), 'Transactions', 'r'))).toBe(
      WireErrorCode.MalformedMessage,
    );
    expect(codeOf(() => decodeBigUintCanonical(fromHex('ff'.repeat(33)), 'Transactions', 'r'))).toBe(
      WireErrorCode.MalformedMessage,
    );
  });
});

describe('field-less messages', () => {
  const fieldless = ['Ping', 'Pong', 'GetPeers', 'GetTransactions'] as const;

  it.each(fieldless)('encodes %s exactly as @ethereumjs/rlp encodes [command]', (command) => {
    const payload = RLP.encode([encodeUint(Command[command])]);
    expect(toHex(encodeMessage({ command }))).toBe(toHex(payload));
    expect(toHex(encodeMessageFrame({ command }).subarray(8))).toBe(toHex(payload));
    expect(decodeMessage(payload)).toEqual({ command });
  });

  it('hands out a fresh frame each time, so a caller may change its copy', () => {
    const first = encodeMessageFrame({ command: 'Ping' });
    first.fill(0);
    expect(toHex(encodeMessageFrame({ command: 'Ping' }))).toBe('2240089100000002c102');
  });

  it('decodes any other two-byte payload through RLP as before', () => {
    // [0x7f] is a list with an unknown command; 81 02 is a one-byte string wrongly prefixed.
    expect(codeOf(() => decodeMessage(fromHex('c17f')))).toBe(WireErrorCode.UnknownCommand);
    expect(codeOf(() => decodeMessage(fromHex('8102')))).toBe(WireErrorCode.BadRlp);
  });
});

describe('Peers entries: dotted quads', () => {
  const entry = (ip: string): Message => ({
    command: 'Peers',
    peers: [{ ip, port: 30303, nodeId: new Uint8Array(64).fill(9) }],
  });

  it.each(['0.0.0.0', '255.255.255.255', '54.204.10.41', '10.0.0.1'])('writes and reads back %s', (ip) => {
    const decoded = decodeMessage(encodeMessage(entry(ip)));
    expect(decoded).toEqual(entry(ip));
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '1.2.3.', ' 1.2.3.4', '1e1.2.3.4', '1.2.3.0004'])(
    'refuses to write %p',
    (ip) => {
      expect(() => encodeMessage(entry(ip))).toThrow(RangeError);
    },
  );
});
