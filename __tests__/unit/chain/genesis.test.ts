import { keccak_256 } from '@noble/hashes/sha3';
import {
  ChainErrorCode,
  POC3_GENESIS,
  POC3_GENESIS_HASH_HEX,
  POC3_GENESIS_RLP_HEX,
  genesisFromBlock,
  isChainError,
  parseGenesis,
} from '../../../chain';
import { blockFromRlp, decodeRlp } from '../../../wire';
import { devGenesis, hex, realChain } from './chainFixtures';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err: unknown) {
    return isChainError(err) ? err.code : `not a ChainError: ${String(err)}`;
  }
  return undefined;
}

describe('the PoC-3 genesis', () => {
  const real = realChain();

  it('is byte for byte the genesis cpp-ethereum v0.3.11 sent, and hashes to ab6b9a56…99cf', () => {
    expect(POC3_GENESIS_RLP_HEX).toBe(hex(real.genesisRlp));
    expect(hex(POC3_GENESIS.rlp)).toBe(hex(real.genesisRlp));
    expect(POC3_GENESIS.hashHex).toBe(POC3_GENESIS_HASH_HEX);
    expect(POC3_GENESIS.hashHex).toBe(hex(real.genesisHash));
    expect(hex(keccak_256(real.genesisRlp))).toBe(
      'ab6b9a5613970faa771b12d449b2e9bb925ab7a369f0a4b86b286e9d540099cf',
    );
  });

  it('has difficulty 2^22, timestamp 0 and nonce sha3(0x2a), as BlockInfo.cpp sets them', () => {
    const h = POC3_GENESIS.block.header;
    expect(h.difficulty).toBe(1n << 22n);
    expect(h.timestamp).toBe(0n);
    expect(hex(h.nonce)).toBe(hex(keccak_256(Uint8Array.of(0x2a))));
  });

  it('is the parent of the first block the real client mined', () => {
    expect(hex(real.blocks[0]!.parentHash)).toBe(POC3_GENESIS.hashHex);
  });
});

describe('parseGenesis (--genesis FILE)', () => {
  it('reads a genesis RLP as hex, with surrounding whitespace, line breaks and a 0x prefix', () => {
    const text = `  0x${POC3_GENESIS_RLP_HEX.slice(0, 100)}\n${POC3_GENESIS_RLP_HEX.slice(100)}\n`;
    expect(parseGenesis(text).hashHex).toBe(POC3_GENESIS_HASH_HEX);
  });

  it('reads a genesis of another network, such as a difficulty-1 test genesis', () => {
    const dev = devGenesis();
    const parsed = parseGenesis(hex(dev.rlp));
    expect(parsed.hashHex).toBe(dev.hashHex);
    expect(parsed.block.header.difficulty).toBe(1n);
  });

  it.each([
    ['an empty file', ''],
    ['text that is not hex', 'hello genesis'],
    ['an odd number of digits', POC3_GENESIS_RLP_HEX.slice(1)],
    ['RLP that is not a block', 'c0'],
    ['a truncated block', POC3_GENESIS_RLP_HEX.slice(0, 200)],
  ])('refuses %s with CHAIN_BAD_GENESIS', (_what, text) => {
    expect(codeOf(() => parseGenesis(text))).toBe(ChainErrorCode.BadGenesis);
  });

  it('refuses a block that has a parent (block 1 of the real chain)', () => {
    const block1 = realChain().blocks[0]!;
    expect(codeOf(() => parseGenesis(hex(block1.rlp)))).toBe(ChainErrorCode.BadGenesis);
  });

  it('refuses a genesis of difficulty 0, whose children could not prove any work', () => {
    const g = devGenesis().block;
    const zero = { ...g, header: { ...g.header, difficulty: 0n } };
    expect(codeOf(() => genesisFromBlock(zero))).toBe(ChainErrorCode.BadGenesis);
  });

  it('refuses a genesis whose roots do not match its lists', () => {
    const g = blockFromRlp(decodeRlp(POC3_GENESIS.rlp));
    const badTx = { ...g, header: { ...g.header, sha3Transactions: new Uint8Array(32) } };
    const badUncles = { ...g, header: { ...g.header, sha3Uncles: new Uint8Array(32) } };
    expect(codeOf(() => genesisFromBlock(badTx))).toBe(ChainErrorCode.BadGenesis);
    expect(codeOf(() => genesisFromBlock(badUncles))).toBe(ChainErrorCode.BadGenesis);
  });
});
