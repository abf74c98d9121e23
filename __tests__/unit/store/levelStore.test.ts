import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LevelStore, StoreErrorCode, isStoreError } from '../../../store';
import { tempDirPerTest } from '../../helpers/tempDir';

const tempDir = tempDirPerTest('pocnode-level-');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err: unknown) {
    return isStoreError(err) ? err.code : `not a StoreError: ${String(err)}`;
  }
  return undefined;
}

describe('LevelStore', () => {
  it('finds everything written before a close when the directory is opened again', async () => {
    const first = await LevelStore.open(tempDir());
    await first.write([
      { type: 'put', key: 'peer:01', value: Uint8Array.of(1) },
      { type: 'put', key: 'peer:02', value: Uint8Array.of(2) },
      { type: 'put', key: 'node:key', value: new Uint8Array(32).fill(9) },
    ]);
    await first.write([{ type: 'del', key: 'peer:01' }]);
    await first.close();

    const second = await LevelStore.open(tempDir());
    const rows = await second.entries('peer:');
    expect(rows.map(([k, v]) => [k, Array.from(v)])).toEqual([['peer:02', [2]]]);
    expect((await second.get('node:key'))?.length).toBe(32);
    await second.close();
  });

  it('returns plain Uint8Arrays, not Buffers, like the memory store', async () => {
    const store = await LevelStore.open(tempDir());
    await store.write([{ type: 'put', key: 'k', value: Uint8Array.of(1) }]);
    const value = await store.get('k');
    expect(Object.getPrototypeOf(value)).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf((await store.entries('k'))[0]![1])).toBe(Uint8Array.prototype);
    await store.close();
  });

  it('writes nothing of a batch that LevelDB refuses', async () => {
    const store = await LevelStore.open(tempDir());
    const invalid = { type: 'put' as const, key: 'b', value: null as unknown as Uint8Array };
    const code = await codeOf(store.write([{ type: 'put', key: 'a', value: Uint8Array.of(1) }, invalid]));
    expect(code).toBe(StoreErrorCode.Io);
    expect(await store.get('a')).toBeUndefined();
    await store.close();
  });

  it('refuses a second open of a directory in use with STORE_LOCKED, and opens it once released', async () => {
    const first = await LevelStore.open(tempDir());
    expect(await codeOf(LevelStore.open(tempDir()))).toBe(StoreErrorCode.Locked);
    await first.close();
    const again = await LevelStore.open(tempDir());
    await again.close();
  });

  it('fails with STORE_IO when the directory cannot be created', async () => {
    const file = path.join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    expect(await codeOf(LevelStore.open(path.join(file, 'db')))).toBe(StoreErrorCode.Io);
  });

  it('rejects every operation after close with STORE_CLOSED, and a second close is harmless', async () => {
    const store = await LevelStore.open(tempDir());
    await store.close();
    await store.close();
    expect(await codeOf(store.get('k'))).toBe(StoreErrorCode.Closed);
    expect(await codeOf(store.entries(''))).toBe(StoreErrorCode.Closed);
    expect(await codeOf(store.write([{ type: 'del', key: 'k' }]))).toBe(StoreErrorCode.Closed);
  });

  it('treats an empty batch as nothing to do', async () => {
    const store = await LevelStore.open(tempDir());
    await store.write([]);
    expect(await store.entries('')).toEqual([]);
    await store.close();
  });
});
