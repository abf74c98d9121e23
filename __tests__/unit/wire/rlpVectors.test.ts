import {
  FrameDecoder,
  WireError,
  WireErrorCode,
  decodeMessage,
  decodeRlp,
  encodeFrame,
  encodeRlp,
} from '../../../wire';
import { loadInvalidRlpTests, loadRlpTests, rlpTestItem, toHex } from '../../helpers/vectors';

/** ethereum/tests RLP vectors (RLPTests/rlptest.json and invalidRLPTest.json, from ../shared/vectors). */

const valid = loadRlpTests();
const invalid = loadInvalidRlpTests();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err: unknown) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('valid RLP vectors', () => {
  it('cover every case of the file (strings, integers as numbers and #bigints, lists)', () => {
    expect(valid.length).toBeGreaterThanOrEqual(25);
    expect(valid.some((c) => typeof c.input === 'string' && c.input.startsWith('#'))).toBe(true);
    expect(valid.some((c) => typeof c.input === 'number')).toBe(true);
    expect(valid.some((c) => Array.isArray(c.input))).toBe(true);
  });

  it.each(valid.map((c) => [c.name, c] as const))('%s encodes to its output and decodes back', (_name, c) => {
    const item = rlpTestItem(c.input);
    expect(toHex(encodeRlp(item))).toBe(toHex(c.out));
    const decoded = decodeRlp(c.out);
    expect(decoded).toEqual(item);
    expect(toHex(encodeRlp(decoded))).toBe(toHex(c.out));
  });
});

describe('invalid RLP vectors', () => {
  it('cover every case of the file', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(17);
  });

  it.each(invalid.map((c) => [c.name, c] as const))(
    '%s is refused by decodeRlp with WIRE_BAD_RLP',
    (_n, c) => {
      const err = thrown(() => decodeRlp(c.bytes));
      expect(err).toBeInstanceOf(WireError);
      expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
    },
  );

  it.each(invalid.map((c) => [c.name, c] as const))(
    '%s as a frame payload makes decodeMessage throw WIRE_BAD_RLP and nothing else',
    (_n, c) => {
      const { frames, error } = new FrameDecoder().push(encodeFrame(c.bytes));
      expect(error).toBeUndefined();
      expect(frames).toHaveLength(1);
      const err = thrown(() => decodeMessage(frames[0]!));
      expect(err).toBeInstanceOf(WireError);
      expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
    },
  );

  it.each(invalid.map((c) => [c.name, c] as const))(
    '%s nested in a list after a command id makes decodeMessage throw WIRE_BAD_RLP',
    (_n, c) => {
      // A list header whose length covers a Peers command id (0x11) and the invalid item.
      const body = Uint8Array.from([0x11, ...c.bytes]);
      const header =
        body.length <= 55
          ? [0xc0 + body.length]
          : body.length <= 0xff
            ? [0xf8, body.length]
            : [0xf9, body.length >> 8, body.length & 0xff];
      const err = thrown(() => decodeMessage(Uint8Array.from([...header, ...body])));
      expect(err).toBeInstanceOf(WireError);
      expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
    },
  );

  it('refuses a valid item followed by extra bytes (the RLP must be exactly the payload size)', () => {
    const err = thrown(() => decodeMessage(Uint8Array.of(0xc1, 0x02, 0x00)));
    expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
  });

  it('refuses a payload that is a byte string, not a list', () => {
    const err = thrown(() => decodeMessage(Uint8Array.of(0x02)));
    expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
  });

  it('refuses an empty payload and an empty list (no command id)', () => {
    expect((thrown(() => decodeMessage(new Uint8Array(0))) as WireError).code).toBe(WireErrorCode.BadRlp);
    expect((thrown(() => decodeMessage(Uint8Array.of(0xc0))) as WireError).code).toBe(WireErrorCode.BadRlp);
  });
});
