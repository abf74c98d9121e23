import fc from 'fast-check';
import {
  POC3_GENESIS,
  blockHash,
  checkAgainstParent,
  checkBlockIntrinsic,
  expectedDifficulty,
  meetsProofOfWork,
  transactionsRoot,
  unclesRoot,
} from '../../../chain';
import { hex, realChain } from './chainFixtures';

describe('block rules on the chain cpp-ethereum v0.3.11 mined', () => {
  const { blocks } = realChain();
  const parents = [POC3_GENESIS.block, ...blocks.map((b) => b.block)];

  it.each(blocks.map((b) => [b.height, b] as const))(
    'block %i: hash, roots, proof of work and difficulty all agree with the real client',
    (_height, b) => {
      const parent = parents[b.height - 1]!;
      expect(hex(blockHash(b.block))).toBe(hex(b.hash));
      expect(hex(transactionsRoot(b.block.transactions))).toBe(hex(b.block.header.sha3Transactions));
      expect(hex(unclesRoot(b.block.uncles))).toBe(hex(b.block.header.sha3Uncles));
      expect(meetsProofOfWork(b.block.header)).toBe(true);
      expect(expectedDifficulty(parent.header, b.timestamp)).toBe(b.difficulty);
      expect(() => checkAgainstParent(b.block.header, hex(b.hash), parent.header)).not.toThrow();
      expect(() => checkBlockIntrinsic(b.block, hex(b.hash))).not.toThrow();
    },
  );

  it('exercises both sides of the 42-second rule (block 1 came late and lowered it, block 2 came early and raised it)', () => {
    const [b1, b2] = blocks;
    expect(b1!.timestamp - 0n >= 42n && b1!.difficulty < POC3_GENESIS.block.header.difficulty).toBe(true);
    expect(b2!.timestamp - b1!.timestamp < 42n && b2!.difficulty > b1!.difficulty).toBe(true);
  });

  it('takes 42 s exactly as late: parent.difficulty − parent.difficulty>>10', () => {
    const parent = { difficulty: 4194304n, timestamp: 1000n };
    expect(expectedDifficulty(parent, 1042n)).toBe(4194304n - 4096n);
    expect(expectedDifficulty(parent, 1041n)).toBe(4194304n + 4096n);
  });

  it('finds no proof of work once any nonce byte of a real block changes', () => {
    for (const b of blocks) {
      for (const at of [0, 17, 31]) {
        const nonce = b.block.header.nonce.slice();
        nonce[at] = nonce[at]! ^ 0x01;
        expect(meetsProofOfWork({ ...b.block.header, nonce })).toBe(false);
      }
    }
  });

  it('keeps difficulty 1 at 1 whatever the timestamps, so any nonce meets it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 0n, max: 100n }), (t, gap) => {
        expect(expectedDifficulty({ difficulty: 1n, timestamp: t }, t + gap)).toBe(1n);
      }),
    );
    expect(meetsProofOfWork({ ...blocks[0]!.block.header, difficulty: 1n, nonce: new Uint8Array(32) })).toBe(
      true,
    );
  });

  it('never accepts a difficulty of 0', () => {
    expect(meetsProofOfWork({ ...blocks[0]!.block.header, difficulty: 0n })).toBe(false);
  });
});
