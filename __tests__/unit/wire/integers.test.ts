import fc from 'fast-check';
import {
  WireError,
  WireErrorCode,
  decodeBigUintCanonical,
  decodeUintLenient,
  encodeUint,
} from '../../../wire';
import { fromHex, toHex } from '../../helpers/vectors';

/** RLP integers: written canonically (0 = empty string), read leniently for handshake fields only. */

describe('encodeUint', () => {
  it.each<[number | bigint, string]>([
    [0, ''],
    [1, '01'],
    [0x7f, '7f'],
    [0x80, '80'],
    [0xff, 'ff'],
    [0x100, '0100'],
    [30303, '765f'],
    [0xffff, 'ffff'],
    [0x10000, '010000'],
    [0xffffff, 'ffffff'],
    [0x1000000, '01000000'],
    [0xffffffff, 'ffffffff'],
    [0x100000000, '0100000000'],
    [Number.MAX_SAFE_INTEGER, '1fffffffffffff'],
    [0n, ''],
    [0xffffffffn, 'ffffffff'],
    [2n ** 64n, '010000000000000000'],
    [2n ** 256n - 1n, 'ff'.repeat(32)],
  ])('writes %p as minimal big-endian bytes "%s"', (value, hex) => {
    expect(toHex(encodeUint(value))).toBe(hex);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -1n])(
    'refuses %p with a RangeError',
    (v) => {
      expect(() => encodeUint(v)).toThrow(RangeError);
    },
  );

  it('writes a number and the same bigint identically', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(toHex(encodeUint(n))).toBe(toHex(encodeUint(BigInt(n))));
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeUintLenient', () => {
  it('reads leading zero bytes (pyethereum sent network id 0 as \\x00)', () => {
    expect(decodeUintLenient(fromHex('00'), 'Hello', 'network id')).toBe(0);
    expect(decodeUintLenient(fromHex('0000765f'), 'Hello', 'port', 4)).toBe(30303);
    expect(decodeUintLenient(fromHex('00000000000000000008'), 'Hello', 'version')).toBe(8);
  });

  it('refuses more significant bytes than allowed with WIRE_MALFORMED_MESSAGE', () => {
    expect(() => decodeUintLenient(fromHex('0100000000'), 'Hello', 'port', 4)).toThrow(WireError);
    try {
      decodeUintLenient(fromHex('01000000000000'), 'Hello', 'network id');
    } catch (err: unknown) {
      expect((err as WireError).code).toBe(WireErrorCode.MalformedMessage);
    }
    expect.assertions(2);
  });

  it('reads back whatever encodeUint wrote, with any leading zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.nat({ max: 4 }), (n, zeros) => {
        const bytes = Uint8Array.from([...new Uint8Array(zeros), ...encodeUint(n)]);
        expect(decodeUintLenient(bytes, 'x', 'y')).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeBigUintCanonical', () => {
  it('reads the empty string as 0 and canonical bytes as their value', () => {
    expect(decodeBigUintCanonical(new Uint8Array(0), 'Blocks', 'difficulty')).toBe(0n);
    expect(decodeBigUintCanonical(fromHex('400000'), 'Blocks', 'difficulty')).toBe(2n ** 22n);
    expect(decodeBigUintCanonical(fromHex('ff'.repeat(32)), 'Transactions', 'r')).toBe(2n ** 256n - 1n);
  });

  it.each([
    ['a leading zero byte (v0.3.11 RLP::isInt refused it)', '00'],
    ['a leading zero before a value', '0001'],
    ['33 bytes', '01' + '00'.repeat(32)],
  ])('refuses %s with WIRE_MALFORMED_MESSAGE', (_name, hex) => {
    let code: string | undefined;
    try {
      decodeBigUintCanonical(fromHex(hex), 'Transactions', 'value');
    } catch (err: unknown) {
      if (err instanceof WireError) code = err.code;
    }
    expect(code).toBe(WireErrorCode.MalformedMessage);
  });

  it('reads back whatever encodeUint wrote, up to 32 bytes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), (n) => {
        expect(decodeBigUintCanonical(encodeUint(n), 'x', 'y')).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
