import { blockFromRlp, decodeRlp } from '../../../wire';
import type { Transaction } from '../../../wire';
import { ChainError, ChainErrorCode, transactionHash } from '../../../chain';
import { SenderCache } from '../../../chain/senderCache';
import * as validation from '../../../chain/validateTransaction';
import { loadChain, toHex } from '../../helpers/vectors';

const realTx = (): Transaction => {
  const block = blockFromRlp(decodeRlp(loadChain().blocks[4]!.rlp));
  return block.transactions[0]!;
};

describe('SenderCache', () => {
  it('recovers the real sender once and answers from memory after that', () => {
    const spy = jest.spyOn(validation, 'validateTransaction');
    const cache = new SenderCache(4);
    const tx = realTx();
    const id = toHex(transactionHash(tx));
    expect(toHex(cache.sender(tx, id))).toBe('021200b5a35d2389ea3d9db3e79fe1c69a254662');
    expect(toHex(cache.sender(tx, id))).toBe('021200b5a35d2389ea3d9db3e79fe1c69a254662');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('remembers a bad signature as the same typed error', () => {
    const cache = new SenderCache(4);
    const bad = { ...realTx(), r: 5n };
    const id = toHex(transactionHash(bad));
    for (let i = 0; i < 2; i++) {
      let caught: unknown;
      try {
        cache.sender(bad, id);
      } catch (err: unknown) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ChainError);
      expect((caught as ChainError).code).toBe(ChainErrorCode.BadSignature);
    }
  });

  it('stays within its capacity, forgetting the oldest first', () => {
    const cache = new SenderCache(2);
    const tx = realTx();
    for (let nonce = 0n; nonce < 5n; nonce++) {
      const t = { ...tx, nonce };
      try {
        cache.sender(t, toHex(transactionHash(t)));
      } catch {
        // Another nonce changes what was signed: the signature no longer recovers to a key that matters.
      }
    }
    expect(cache.size).toBe(2);
  });
});
