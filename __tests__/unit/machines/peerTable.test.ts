import type { AnyActorRef } from 'xstate';
import { createActor, createMachine } from 'xstate';
import type { HelloMessage } from '../../../wire';
import type { PeerDirection } from '../../../machines/peerMachine';
import { PeerTable } from '../../../machines/peerTable';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { remoteHello } from '../../helpers/peerHarness';

const ref: AnyActorRef = createActor(createMachine({}));
const hello = (nodeId: Uint8Array | undefined): HelloMessage => ({ ...remoteHello(0), nodeId });

function add(table: PeerTable, direction: PeerDirection = 'inbound'): number {
  const connection = new ScriptedConnection();
  return table.add({ direction, remote: 'r:1', remoteHost: 'r', connection }, () => ref).connId;
}

describe('PeerTable', () => {
  it('hands out connection ids in order from 1 and keeps connections in that order', () => {
    const table = new PeerTable();
    expect([add(table), add(table), add(table)]).toEqual([1, 2, 3]);
    table.remove(2);
    expect(add(table)).toBe(4);
    expect([...table.peers.keys()]).toEqual([1, 3, 4]);
    expect(table.nextConnId).toBe(5);
  });

  it('counts handshakes in both directions but offers only inbound ones, oldest first, for eviction', () => {
    const table = new PeerTable();
    const dialled = add(table, 'outbound');
    const first = add(table);
    const second = add(table);
    expect(table.pending).toBe(3);
    expect(table.oldestPendingInbound()?.connId).toBe(first);
    table.evict(first);
    expect(table.pending).toBe(2);
    expect(table.peers.get(first)?.evicted).toBe(true);
    expect(table.oldestPendingInbound()?.connId).toBe(second);
    table.admit(second, hello(undefined), undefined);
    expect(table.oldestPendingInbound()).toBeUndefined();
    expect([table.pending, table.admitted]).toEqual([1, 1]);
    table.remove(dialled);
    table.remove(first);
    expect([table.pending, table.admitted]).toEqual([0, 1]);
  });

  it('never evicts an admitted peer and counts an evicted handshake once', () => {
    const table = new PeerTable();
    const a = add(table);
    table.admit(a, hello(undefined), undefined);
    table.evict(a);
    expect(table.peers.get(a)?.evicted).toBe(false);
    const b = add(table);
    table.evict(b);
    table.evict(b);
    expect(table.pending).toBe(0);
    table.remove(b);
    expect([table.pending, table.admitted, table.peers.size]).toEqual([0, 1, 1]);
  });

  it('holds an admitted node id until its own connection is removed', () => {
    const table = new PeerTable();
    const a = add(table);
    const b = add(table);
    table.admit(a, hello(new Uint8Array(64).fill(1)), 'aa');
    expect(table.nodeIds.get('aa')).toBe(a);
    expect(table.peers.get(a)).toMatchObject({ admitted: true, nodeIdHex: 'aa' });
    // A connection that never held the id does not release it.
    table.remove(b);
    expect(table.nodeIds.get('aa')).toBe(a);
    expect(table.remove(a)?.connId).toBe(a);
    expect(table.nodeIds.size).toBe(0);
    expect([table.admitted, table.remove(a)]).toEqual([0, undefined]);
  });
});
