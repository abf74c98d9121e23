import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1';
import { loadOrCreateNodeKey, nodeIdFromPrivateKey } from '../../../actors/nodeKey';
import { LevelStore, MemoryStore, StoreErrorCode, StoreKey, isStoreError } from '../../../store';
import { NODE_ID_BYTES } from '../../../wire';
import { loadSeedHellos } from '../../helpers/vectors';

describe('node key', () => {
  it('derives the node id as the 64-byte uncompressed public key without its 0x04 prefix', () => {
    // secp256k1's generator: private key 1 has public key G.
    const one = new Uint8Array(32);
    one[31] = 1;
    const id = nodeIdFromPrivateKey(one);
    expect(id).toHaveLength(NODE_ID_BYTES);
    expect(Buffer.from(id).toString('hex')).toBe(
      '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' +
        '483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8',
    );
  });

  it('has the shape of the node id in the real cpp-ethereum Hello: a point on the curve', () => {
    const { cpp } = loadSeedHellos();
    const nodeId = cpp.fields[cpp.fields.length - 1]!;
    expect(nodeId).toHaveLength(NODE_ID_BYTES);
    expect(() => secp256k1.Point.fromHex(Uint8Array.from([4, ...nodeId]))).not.toThrow();
    const mine = nodeIdFromPrivateKey(secp256k1.utils.randomSecretKey());
    expect(() => secp256k1.Point.fromHex(Uint8Array.from([4, ...mine]))).not.toThrow();
  });

  it('creates a key once and finds the same one after a restart on a real LevelDB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pocnode-key-'));
    try {
      const store = await LevelStore.open(dir);
      const created = await loadOrCreateNodeKey(store);
      expect(created.privateKey).toHaveLength(32);
      expect(created.nodeId).toEqual(nodeIdFromPrivateKey(created.privateKey));
      await store.close();

      const reopened = await LevelStore.open(dir);
      const loaded = await loadOrCreateNodeKey(reopened, () => {
        throw new Error('must not make a new key');
      });
      expect(loaded).toEqual(created);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores the key it was given under node:key', async () => {
    const store = new MemoryStore();
    const key = new Uint8Array(32).fill(7);
    const made = await loadOrCreateNodeKey(store, () => key);
    expect(made.privateKey).toEqual(key);
    expect(await store.get(StoreKey.nodeKey)).toEqual(key);
  });

  it.each([
    ['too short', new Uint8Array(31).fill(1)],
    ['zero', new Uint8Array(32)],
    ['not below the curve order', new Uint8Array(32).fill(0xff)],
  ])(
    'refuses a stored key that is %s with STORE_CORRUPT rather than replacing the identity',
    async (_n, bad) => {
      const store = new MemoryStore();
      await store.write([{ type: 'put', key: StoreKey.nodeKey, value: bad }]);
      const err: unknown = await loadOrCreateNodeKey(store).catch((e: unknown) => e);
      expect(isStoreError(err) && err.code).toBe(StoreErrorCode.Corrupt);
      expect(await store.get(StoreKey.nodeKey)).toEqual(bad);
    },
  );
});
