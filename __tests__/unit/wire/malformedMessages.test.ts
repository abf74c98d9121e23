import { WireError, WireErrorCode, decodeMessage, decodeRlp, encodeRlp, encodeUint } from '../../../wire';
import type { RlpItem } from '../../../wire';
import { chainBlockRlps } from './examples';

/**
 * A known command whose body has the wrong shape is WIRE_MALFORMED_MESSAGE (CONTRACT.md §3: Bad protocol).
 * Blocks and transactions are real ones from chain.json with one field broken.
 */

const u = encodeUint;
const b = (n: number, fill = 0x11): Uint8Array => new Uint8Array(n).fill(fill);
const ID = b(64, 0x42);
const HASH = b(32, 0xab);

/** Block 5 of the real chain (the one with a transaction) as a nested RLP structure. */
function realBlock(): RlpItem[] {
  const rlp = chainBlockRlps.find((r) => r.length > 0xd0)!;
  return decodeRlp(rlp) as RlpItem[];
}

function realTx(): RlpItem[] {
  return (realBlock()[1] as RlpItem[])[0] as RlpItem[];
}

/** A copy of `item` with the element at `path` replaced (or removed when `value` is undefined). */
function mutate(item: RlpItem[], path: readonly number[], value: RlpItem | undefined): RlpItem[] {
  const [i, ...rest] = path;
  if (i === undefined) throw new Error('empty path');
  const copy = [...item];
  if (rest.length === 0) {
    if (value === undefined) copy.splice(i, 1);
    else copy[i] = value;
  } else {
    copy[i] = mutate(copy[i] as RlpItem[], rest, value);
  }
  return copy;
}

const hello = (fields: RlpItem[]): RlpItem[] => [u(0x00), ...fields];
const goodHello: RlpItem[] = [u(8), u(0), Buffer.from('x'), u(7), u(30303), ID];

const cases: Array<[string, RlpItem[]]> = [
  ['Hello with 4 fields', hello(goodHello.slice(0, 4))],
  ['Hello with 7 fields', hello([...goodHello, ID])],
  ['Hello whose version is a list', hello(mutate(goodHello, [0], [u(8)]))],
  ['Hello whose client id is a list', hello(mutate(goodHello, [2], []))],
  ['Hello whose node id has 63 bytes', hello(mutate(goodHello, [5], b(63)))],
  ['Hello whose node id has 65 bytes', hello(mutate(goodHello, [5], b(65)))],
  ['Hello whose node id is a list', hello(mutate(goodHello, [5], [ID]))],
  ['Hello whose listen port is above 65535', hello(mutate(goodHello, [4], u(65536)))],
  ['Hello whose network id is wider than 6 bytes', hello(mutate(goodHello, [1], b(7)))],
  ['Hello whose capabilities are wider than 4 bytes', hello(mutate(goodHello, [3], b(5)))],
  ['Disconnect with 2 fields', [u(0x01), u(2), u(2)]],
  ['Disconnect whose reason is a list', [u(0x01), [u(2)]]],
  ['Disconnect whose reason is 2 bytes wide', [u(0x01), u(0x0102)]],
  ['Ping with a field', [u(0x02), u(0)]],
  ['Pong with a field', [u(0x03), []]],
  ['GetPeers with a field', [u(0x10), u(1)]],
  ['GetTransactions with a field', [u(0x16), HASH]],
  ['Transactions holding a byte string', [u(0x12), HASH]],
  ["Transactions holding the seed's extra list around the transactions", [u(0x12), [realTx()]]],
  ['a transaction of 6 fields', [u(0x12), mutate(realTx(), [6], undefined)]],
  ['a transaction of 8 fields', [u(0x12), [...realTx(), u(1)]]],
  ['a transaction whose to has 19 bytes', [u(0x12), mutate(realTx(), [1], b(19))]],
  ['a transaction whose to has 21 bytes', [u(0x12), mutate(realTx(), [1], b(21))]],
  [
    'a transaction whose value has a leading zero byte',
    [u(0x12), mutate(realTx(), [2], Uint8Array.of(0, 3, 0xe8))],
  ],
  ['a transaction whose nonce is \\x00 (not canonical)', [u(0x12), mutate(realTx(), [0], Uint8Array.of(0))]],
  ['a transaction whose r is 33 bytes wide', [u(0x12), mutate(realTx(), [5], b(33))]],
  ['a transaction whose data is a byte string', [u(0x12), mutate(realTx(), [3], u(1))]],
  ['a transaction whose data holds a list', [u(0x12), mutate(realTx(), [3], [[u(1)]])]],
  ['a transaction whose v is a list', [u(0x12), mutate(realTx(), [4], [u(27)])]],
  ['Blocks holding a byte string', [u(0x13), HASH]],
  ['a block of 2 fields', [u(0x13), mutate(realBlock(), [2], undefined)]],
  ['a block of 4 fields', [u(0x13), [...realBlock(), []]]],
  ['a block whose header has 8 fields', [u(0x13), mutate(realBlock(), [0, 8], undefined)]],
  ['a block whose parent hash has 31 bytes', [u(0x13), mutate(realBlock(), [0, 0], b(31))]],
  ['a block whose coinbase has 21 bytes', [u(0x13), mutate(realBlock(), [0, 2], b(21))]],
  ['a block whose nonce has 31 bytes', [u(0x13), mutate(realBlock(), [0, 8], b(31))]],
  [
    'a block whose difficulty has a leading zero',
    [u(0x13), mutate(realBlock(), [0, 5], Uint8Array.of(0, 0x40))],
  ],
  ['a block whose transaction list is a byte string', [u(0x13), mutate(realBlock(), [1], HASH)]],
  ['a block whose transaction is broken', [u(0x13), mutate(realBlock(), [1, 0, 1], b(19))]],
  ['a block whose uncle list holds a broken header', [u(0x13), mutate(realBlock(), [2], [[HASH]])]],
  ['GetChain with no fields', [u(0x14)]],
  ['GetChain with only a count', [u(0x14), u(32)]],
  ['GetChain whose parent has 31 bytes', [u(0x14), b(31), u(32)]],
  ['GetChain whose parent is a list', [u(0x14), [HASH], u(32)]],
  ['GetChain whose count is 5 bytes wide', [u(0x14), HASH, b(5)]],
  ['GetChain whose count is a list', [u(0x14), HASH, [u(32)]]],
  ['NotInChain with no hash', [u(0x15)]],
  ['NotInChain with 2 hashes', [u(0x15), HASH, HASH]],
  ['NotInChain whose hash has 33 bytes', [u(0x15), b(33)]],
  ['NotInChain whose hash is a list', [u(0x15), [HASH]]],
];

describe('malformed bodies of known commands', () => {
  it('start from real structures that decode', () => {
    expect(decodeMessage(encodeRlp([u(0x13), realBlock()])).command).toBe('Blocks');
    expect(decodeMessage(encodeRlp([u(0x12), realTx()])).command).toBe('Transactions');
    expect(decodeMessage(encodeRlp(hello(goodHello))).command).toBe('Hello');
  });

  it.each(cases)('%s is refused with WIRE_MALFORMED_MESSAGE', (_name, item) => {
    let caught: unknown;
    try {
      decodeMessage(encodeRlp(item));
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WireError);
    expect((caught as WireError).code).toBe(WireErrorCode.MalformedMessage);
  });
});
