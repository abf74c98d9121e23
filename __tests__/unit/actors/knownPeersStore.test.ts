import { KnownPeers } from '../../../actors/knownPeers';
import type { Store, StoreOperation } from '../../../store';
import { LevelStore, MemoryStore, StoreKey } from '../../../store';
import { DisconnectReason } from '../../../wire';
import { tempDirPerTest } from '../../helpers/tempDir';

function id(n: number): Uint8Array {
  const b = new Uint8Array(64).fill(0x22);
  new DataView(b.buffer).setUint32(60, n + 1);
  return b;
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const LOCAL = id(424242);

describe('KnownPeers persistence', () => {
  const tempDir = tempDirPerTest('pocnode-peers-');

  it('survives a restart on a real LevelDB: addresses, times, failures and forgotten peers', async () => {
    const store = await LevelStore.open(tempDir());
    const before = new KnownPeers({ localNodeId: LOCAL });
    await before.load(store);
    before.learn(
      [
        { ip: '54.204.10.41', port: 30303, nodeId: id(1) },
        { ip: '54.204.10.42', port: 30304, nodeId: id(2) },
        { ip: '54.204.10.43', port: 30305, nodeId: id(3) },
      ],
      1000,
    );
    before.peerConnected('127.0.0.1', 30310, id(4), 2000);
    before.dialFailed('54.204.10.42', 30304, 2500);
    before.peerConnected('54.204.10.43', 30305, id(3), 2600);
    before.peerDisconnected(id(3), DisconnectReason.WrongGenesisBlock, 2700);
    expect(before.pendingWrites).toBe(4);
    await before.flush();
    expect(before.pendingWrites).toBe(0);
    await store.close();

    const reopened = await LevelStore.open(tempDir());
    const after = new KnownPeers({ localNodeId: LOCAL });
    expect(await after.load(reopened)).toEqual({ loaded: 3, dropped: 0 });
    expect(after.all().sort((a, b) => a.ip.localeCompare(b.ip))).toEqual(
      before.all().sort((a, b) => a.ip.localeCompare(b.ip)),
    );
    expect(after.get(hex(id(4)))).toMatchObject({ ip: '127.0.0.1', port: 30310, lastConnectedMs: 2000 });
    expect(after.get(hex(id(2)))?.failures).toBe(1);
    expect(after.get(hex(id(3)))).toBeUndefined();
    expect(after.peersToShare().map((p) => p.ip)).toEqual(['127.0.0.1', '54.204.10.41']);
    await reopened.close();
  });

  it('writes all changes since the last flush as one batch, and nothing when nothing changed', async () => {
    const writes: StoreOperation[][] = [];
    const inner = new MemoryStore();
    const store: Store = {
      get: (k) => inner.get(k),
      entries: (p) => inner.entries(p),
      write: (ops) => {
        writes.push([...ops]);
        return inner.write(ops);
      },
      close: () => inner.close(),
    };
    const peers = new KnownPeers({ localNodeId: LOCAL });
    await peers.load(store);
    const many = Array.from({ length: 40 }, (_, n) => ({ ip: `9.0.0.${n + 1}`, port: 30303, nodeId: id(n) }));
    peers.learn(many, 1);
    await peers.flush();
    await peers.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(40);
    expect((await inner.entries(StoreKey.knownPeerPrefix)).length).toBe(40);
  });

  it('keeps changes pending when a batch fails, and writes them with the next flush', async () => {
    const inner = new MemoryStore();
    let fail = true;
    const store: Store = {
      get: (k) => inner.get(k),
      entries: (p) => inner.entries(p),
      write: (ops) => (fail ? Promise.reject(new Error('disk full')) : inner.write(ops)),
      close: () => inner.close(),
    };
    const peers = new KnownPeers({ localNodeId: LOCAL });
    await peers.load(store);
    peers.learn([{ ip: '9.9.9.9', port: 30303, nodeId: id(1) }], 1);
    await expect(peers.flush()).rejects.toThrow();
    expect(peers.pendingWrites).toBe(1);
    fail = false;
    await peers.flush();
    expect((await inner.entries(StoreKey.knownPeerPrefix)).map(([k]) => k)).toEqual([
      StoreKey.knownPeer(hex(id(1))),
    ]);
  });

  it('drops unreadable records and those the rules now refuse, deleting them at the next flush', async () => {
    const store = new MemoryStore();
    const good = new KnownPeers({ localNodeId: LOCAL });
    await good.load(store);
    good.learn(
      [
        { ip: '9.9.9.9', port: 30303, nodeId: id(1) },
        { ip: '10.0.0.1', port: 30303, nodeId: id(2) },
      ],
      1,
    );
    await good.flush();
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    await store.write([
      { type: 'put', key: StoreKey.knownPeer('zz'), value: text('{}') },
      { type: 'put', key: StoreKey.knownPeer(hex(id(3))), value: text('not json') },
      { type: 'put', key: StoreKey.knownPeer(hex(id(4))), value: text('{"ip":"1.2.3.4","port":0}') },
    ]);
    const strict = new KnownPeers({ localNodeId: LOCAL, allowPrivate: false });
    expect(await strict.load(store)).toEqual({ loaded: 1, dropped: 4 });
    await strict.flush();
    expect((await store.entries(StoreKey.knownPeerPrefix)).map(([k]) => k)).toEqual([
      StoreKey.knownPeer(hex(id(1))),
    ]);
  });

  it('loads at most its bound, keeping the freshest', async () => {
    const store = new MemoryStore();
    const big = new KnownPeers({ localNodeId: LOCAL });
    await big.load(store);
    for (let n = 0; n < 10; n++) big.learn([{ ip: `9.0.0.${n + 1}`, port: 30303, nodeId: id(n) }], n);
    await big.flush();
    const small = new KnownPeers({ localNodeId: LOCAL, maxPeers: 4 });
    expect(await small.load(store)).toEqual({ loaded: 4, dropped: 6 });
    expect(small.peersToShare().map((p) => p.ip)).toEqual(['9.0.0.10', '9.0.0.9', '9.0.0.8', '9.0.0.7']);
  });
});
