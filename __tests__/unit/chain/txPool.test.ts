import { keccak_256 } from '@noble/hashes/sha3';
import { TransactionPool, pooledTransaction } from '../../../chain/txPool';
import type { Store, StoreOperation } from '../../../store';
import { LevelStore, MemoryStore, StoreKey } from '../../../store';
import type { Transaction } from '../../../wire';
import { FrameDecoder, blockFromRlp, decodeMessage, decodeRlp, encodeMessageFrame } from '../../../wire';
import { loadChain, loadSession, toHex } from '../../helpers/vectors';
import { tempDirPerTest } from '../../helpers/tempDir';

/** The one transaction cpp-ethereum v0.3.11 put in block 5 of the chain it mined. */
const block5 = loadChain().blocks.find((b) => b.height === 5)!;
const blockTx = blockFromRlp(decodeRlp(block5.rlp)).transactions[0]!;
/** The Transactions frames the client sent during the captured session: the same transaction, twice. */
const sessionTxFrames = loadSession().filter((f) => f.dir === 'in' && f.cmd === 'Transactions');

function transactionsOf(frame: Uint8Array): readonly Transaction[] {
  const { frames, error } = new FrameDecoder().push(frame);
  expect(error).toBeUndefined();
  const message = decodeMessage(frames[0]!);
  if (message.command !== 'Transactions') throw new Error(`not Transactions: ${message.command}`);
  return message.transactions;
}

/** A distinct, made-up transaction per number (the pool does not check signatures). */
function tx(n: number): Transaction {
  return {
    nonce: BigInt(n),
    to: new Uint8Array(20).fill(0x11),
    value: 1000n,
    data: [],
    v: 27n,
    r: 1n,
    s: BigInt(n + 1),
  };
}

describe('TransactionPool with the real transaction of block 5', () => {
  it('pools it under the Keccak-256 of the bytes the block carries', () => {
    const pool = new TransactionPool();
    const fresh = pool.add([blockTx], 1);
    expect(fresh).toHaveLength(1);
    // The re-encoded RLP is exactly the bytes inside the block as it went over the wire.
    expect(Buffer.from(block5.rlp).indexOf(Buffer.from(fresh[0]!.rlp))).toBeGreaterThan(0);
    expect(fresh[0]!.hash).toEqual(keccak_256(fresh[0]!.rlp));
    expect(pool.has(fresh[0]!.hashHex)).toBe(true);
    expect(pool.size).toBe(1);
  });

  it('drops the duplicate the client sent again, from either source', () => {
    expect(sessionTxFrames).toHaveLength(2);
    const pool = new TransactionPool();
    expect(pool.add(transactionsOf(sessionTxFrames[0]!.frame), 1)).toHaveLength(1);
    expect(pool.add(transactionsOf(sessionTxFrames[1]!.frame), 1)).toEqual([]);
    expect(pool.add([blockTx, blockTx], 2)).toEqual([]);
    expect(pool.size).toBe(1);
  });

  it('relays it to every other active peer once, never back to its sender nor to a peer that sent it too', () => {
    const pool = new TransactionPool();
    const [pooled] = pool.add([blockTx], 1);
    pool.add([blockTx], 4);
    expect(pool.relayTargets(pooled!, [1, 2, 3, 4])).toEqual([2, 3]);
    expect(pool.relayTargets(blockTx, [1, 2, 3, 4, 5])).toEqual([5]);
    expect(pool.relayTargets(pooled!, [1, 2, 3, 4, 5])).toEqual([]);
  });

  it('serves it byte for byte: the GetTransactions answer is the frame cpp-ethereum sent', () => {
    const pool = new TransactionPool();
    pool.add(transactionsOf(sessionTxFrames[0]!.frame), 1);
    const answer = encodeMessageFrame({ command: 'Transactions', transactions: pool.all() });
    expect(toHex(answer)).toBe(toHex(sessionTxFrames[0]!.frame));
    const fromEntries = pool.entries().map((e) => e.tx);
    expect(toHex(encodeMessageFrame({ command: 'Transactions', transactions: fromEntries }))).toBe(
      toHex(sessionTxFrames[0]!.frame),
    );
  });

  it('takes it as the pool entry a caller already built: same hash, same RLP, and a duplicate of the plain one', () => {
    const pool = new TransactionPool();
    const entry = pooledTransaction(blockTx);
    const [fresh] = pool.add([entry], 1);
    expect(fresh).toBe(entry);
    expect(pool.add([blockTx], 2)).toEqual([]);
    expect(pool.entries()).toEqual([
      expect.objectContaining({ hashHex: entry.hashHex, rlp: entry.rlp, tx: blockTx }),
    ]);
    expect(pool.relayTargets(entry, [1, 2, 3])).toEqual([3]);
  });
});

describe('TransactionPool bookkeeping', () => {
  it('keeps insertion order for GetTransactions and evicts the oldest past its bound', () => {
    const pool = new TransactionPool({ maxTransactions: 3 });
    pool.add([tx(1), tx(2)], 1);
    pool.add([tx(3), tx(4)], 2);
    expect(pool.all().map((t) => t.nonce)).toEqual([2n, 3n, 4n]);
    expect(pool.has(pooledTransaction(tx(1)).hashHex)).toBe(false);
    expect(pool.add([tx(1)], 3)).toHaveLength(1);
    expect(pool.all().map((t) => t.nonce)).toEqual([3n, 4n, 1n]);
    expect(pool.entries().map((e) => e.hashHex)).toEqual(
      [3, 4, 1].map((n) => pooledTransaction(tx(n)).hashHex),
    );
  });

  it('uses the hash an entry carries as its identity, without hashing the transaction again', () => {
    const pool = new TransactionPool();
    const real = pooledTransaction(tx(1));
    // An entry whose hash is not its transaction's: only a pool that trusts the carried hash keys it so.
    const carried = { ...real, hashHex: 'ab'.repeat(32) };
    pool.add([carried], 1);
    expect(pool.has(carried.hashHex)).toBe(true);
    expect(pool.has(real.hashHex)).toBe(false);
    expect(pool.entries()[0]!.rlp).toBe(real.rlp);
  });

  it('remembers what each peer knows up to a bound, and forgets a peer that left', () => {
    const pool = new TransactionPool({ maxKnownPerPeer: 2 });
    for (const n of [1, 2, 3]) pool.markKnown(7, pooledTransaction(tx(n)).hash);
    // Known: 2 and 3; the oldest (1) was forgotten, so 7 would be sent it again.
    expect(pool.relayTargets(tx(1), [7])).toEqual([7]);
    expect(pool.relayTargets(tx(3), [7])).toEqual([]);
    pool.forgetPeer(7);
    expect(pool.relayTargets(tx(3), [7])).toEqual([7]);
  });

  it('takes transactions out once included, and a locally added one has no sender', () => {
    const pool = new TransactionPool();
    const [local] = pool.add([tx(1), tx(2)]);
    expect(pool.relayTargets(local!, [1, 2])).toEqual([1, 2]);
    expect(pool.remove([tx(1), tx(9)])).toBe(1);
    expect(pool.all()).toEqual([tx(2)]);
  });
});

describe('TransactionPool persistence', () => {
  const tempDir = tempDirPerTest('pocnode-txpool-');

  it('comes back after a restart on a real LevelDB, in the same order, the real transaction intact', async () => {
    const store = await LevelStore.open(tempDir());
    const before = new TransactionPool();
    await before.load(store);
    before.add([tx(5), blockTx, tx(1)], 1);
    before.add([tx(3)], 2);
    before.remove([tx(1)]);
    await before.flush();
    await store.close();

    const reopened = await LevelStore.open(tempDir());
    const after = new TransactionPool();
    expect(await after.load(reopened)).toEqual({ loaded: 3, dropped: 0 });
    expect(after.all()).toEqual(before.all());
    expect(after.all().map((t) => t.nonce)).toEqual([5n, 0n, 3n]);
    const answer = encodeMessageFrame({ command: 'Transactions', transactions: [after.all()[1]!] });
    expect(toHex(answer)).toBe(toHex(sessionTxFrames[0]!.frame));
    // New transactions after the restart go after the restored ones, and survive the next restart too.
    after.add([tx(8)], 3);
    await after.flush();
    await reopened.close();
    const third = await LevelStore.open(tempDir());
    const again = new TransactionPool();
    await again.load(third);
    expect(again.all().map((t) => t.nonce)).toEqual([5n, 0n, 3n, 8n]);
    await third.close();
  });

  it('drops records that do not decode or do not hash to their key, deleting them at the next flush', async () => {
    const store = new MemoryStore();
    const good = new TransactionPool();
    await good.load(store);
    good.add([tx(1), tx(2)], 1);
    await good.flush();
    const [[key2, value2]] = (await store.entries(
      StoreKey.pooledTransaction(pooledTransaction(tx(2)).hashHex),
    )) as [[string, Uint8Array]];
    await store.write([
      { type: 'put', key: StoreKey.pooledTransaction('00'.repeat(32)), value: value2 },
      { type: 'put', key: key2, value: Uint8Array.of(0xc0) },
    ]);
    const pool = new TransactionPool();
    expect(await pool.load(store)).toEqual({ loaded: 1, dropped: 2 });
    expect(pool.all()).toEqual([tx(1)]);
    await pool.flush();
    expect((await store.entries(StoreKey.pooledTransactionPrefix)).length).toBe(1);
  });

  it('writes each change set as one batch and keeps a failed one pending for the next flush', async () => {
    const inner = new MemoryStore();
    const writes: StoreOperation[][] = [];
    let fail = false;
    const store: Store = {
      get: (k) => inner.get(k),
      entries: (p) => inner.entries(p),
      write: (ops) => {
        writes.push([...ops]);
        return fail ? Promise.reject(new Error('disk full')) : inner.write(ops);
      },
      close: () => inner.close(),
    };
    const pool = new TransactionPool({ maxTransactions: 2 });
    await pool.load(store);
    pool.add([tx(1), tx(2), tx(3)], 1);
    await pool.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map((op) => op.type).sort()).toEqual(['del', 'put', 'put']);
    fail = true;
    pool.add([tx(4)], 1);
    await expect(pool.flush()).rejects.toThrow();
    expect(pool.pendingWrites).toBe(2);
    fail = false;
    await pool.flush();
    const stored = new TransactionPool();
    await stored.load(inner);
    expect(stored.all().map((t) => t.nonce)).toEqual([3n, 4n]);
  });
});
