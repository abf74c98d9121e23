import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../../../store';
import { LevelStore, MemoryStore, StoreKey } from '../../../store';

/** One contract, every store: what the registry, the pool and the chain rely on. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const factories: Array<[string, () => Promise<Store>]> = [
  ['MemoryStore', () => Promise.resolve(new MemoryStore())],
  [
    'LevelStore',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pocnode-store-'));
      dirs.push(dir);
      return LevelStore.open(dir);
    },
  ],
];

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe.each(factories)('%s', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('returns what was put, as a Uint8Array, and undefined for a key never written', async () => {
    await store.write([{ type: 'put', key: StoreKey.nodeKey, value: bytes(1, 2, 3) }]);
    const got = await store.get(StoreKey.nodeKey);
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got!)).toEqual([1, 2, 3]);
    expect(await store.get(StoreKey.head)).toBeUndefined();
  });

  it('applies puts and deletes of one write together, the later operation on a key winning', async () => {
    await store.write([
      { type: 'put', key: 'tx:aa', value: bytes(1) },
      { type: 'put', key: 'tx:bb', value: bytes(2) },
    ]);
    await store.write([
      { type: 'del', key: 'tx:aa' },
      { type: 'put', key: 'tx:cc', value: bytes(3) },
      { type: 'put', key: 'tx:bb', value: bytes(4) },
      { type: 'put', key: 'tx:bb', value: bytes(5) },
    ]);
    const rows = await store.entries(StoreKey.pooledTransactionPrefix);
    expect(rows.map(([k, v]) => [k, Array.from(v)])).toEqual([
      ['tx:bb', [5]],
      ['tx:cc', [3]],
    ]);
  });

  it('lists exactly the keys under a prefix, in key order, not its neighbours', async () => {
    const keys = ['peer:b', 'peer:a', 'peer;x', 'peer', 'peers:z', 'pee', 'peer:\u00e9', 'tx:1', 'peer:'];
    await store.write(keys.map((key, i) => ({ type: 'put' as const, key, value: bytes(i) })));
    const rows = await store.entries(StoreKey.knownPeerPrefix);
    expect(rows.map(([k]) => k)).toEqual(['peer:', 'peer:a', 'peer:b', 'peer:\u00e9']);
    expect((await store.entries('')).length).toBe(keys.length);
  });

  it('keeps a stored value independent of the caller mutating its array afterwards', async () => {
    const value = bytes(7, 7);
    await store.write([{ type: 'put', key: 'chain:head', value }]);
    value[0] = 0;
    expect(Array.from((await store.get('chain:head'))!)).toEqual([7, 7]);
  });
});
