import { toHex, transactionHash, validateTransaction } from '../../../chain';
import { Prng } from '../../../sim/prng';
import { createSignedTransactions } from '../../../sim/signedTransactions';
import { decodeMessage, encodeMessage } from '../../../wire';

describe('createSignedTransactions', () => {
  const txs = createSignedTransactions(6, new Prng(1, 'transactions'));

  it('makes transactions that pass the chain manager’s signature check, each from its own sender', () => {
    const senders = txs.map((tx) => toHex(validateTransaction(tx)));
    expect(new Set(senders).size).toBe(txs.length);
    for (const tx of txs) expect([27n, 28n]).toContain(tx.v);
  });

  it('survives the wire codec unchanged', () => {
    const decoded = decodeMessage(encodeMessage({ command: 'Transactions', transactions: txs }));
    expect(decoded).toEqual({ command: 'Transactions', transactions: txs });
  });

  it('gives the same bytes for the same seed and others for another', () => {
    const hashes = (seed: number): string[] =>
      createSignedTransactions(3, new Prng(seed, 'transactions')).map((tx) => toHex(transactionHash(tx)));
    expect(hashes(1)).toEqual(txs.slice(0, 3).map((tx) => toHex(transactionHash(tx))));
    expect(hashes(2)).not.toEqual(hashes(1));
  });
});
