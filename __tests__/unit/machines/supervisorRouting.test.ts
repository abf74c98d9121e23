import type { StateValue } from 'xstate';
import type { SupervisorEvent } from '../../../machines/supervisorEvents';
import type { Message } from '../../../wire';
import { decodeMessage, encodeMessageFrame } from '../../../wire';
import { remoteHello } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { startSupervisor } from '../../helpers/supervisorHarness';

const GET_CHAIN: Message = { command: 'GetChain', parents: [new Uint8Array(32).fill(9)], count: 256 };
const GET_TRANSACTIONS: Message = { command: 'GetTransactions' };

/**
 * The supervisor with a chain manager that, like the real one (cpp-ethereum v0.3.11 after a handshake),
 * greets every peer that becomes active with GetChain and GetTransactions (`mailbox.peerActive`'s `greet`),
 * or sends back what `onActive` says instead.
 */
function startRouting(maxPeers = 25, onActive?: (connId: number) => SupervisorEvent[]) {
  const { supervisor } = startSupervisor({ maxPeers }, undefined, (m, sendBack) => {
    if (m.type !== 'mailbox.peerActive') return;
    if (onActive === undefined) m.greet([GET_CHAIN, GET_TRANSACTIONS]);
    else for (const e of onActive(m.connId)) sendBack(e);
  });
  /** A new inbound connection; each frame written to it is recorded with its peer machine's state then. */
  const connect = () => {
    const conn = new ScriptedConnection();
    const connId = supervisor.getSnapshot().context.table.nextConnId;
    const writes: Array<{ command: string; state: StateValue | undefined }> = [];
    const write = conn.write.bind(conn);
    conn.write = (bytes: Uint8Array) => {
      const entry = supervisor.getSnapshot().context.table.peers.get(connId);
      writes.push({
        command: decodeMessage(bytes.subarray(8)).command,
        state: entry?.ref.getSnapshot().value,
      });
      write(bytes);
    };
    supervisor.send({ type: 'connection.opened', connection: conn, direction: 'inbound' });
    return { conn, connId, writes, say: (m: Message) => conn.deliver(encodeMessageFrame(m)) };
  };
  return { supervisor, connect };
}

describe('supervisor routing: only a peer in active gets what is routed', () => {
  it('writes GetPeers, GetChain and GetTransactions after a handshake, in that order, each while the peer is active', () => {
    const { connect } = startRouting();
    const a = connect();
    a.say(remoteHello(1));
    expect(a.writes).toEqual([
      { command: 'Hello', state: { awaitingHello: 'waitingForHello' } },
      { command: 'GetPeers', state: { active: 'idle' } },
      { command: 'GetChain', state: { active: 'idle' } },
      { command: 'GetTransactions', state: { active: 'idle' } },
    ]);
  });

  it('routes nothing to a peer still in its handshake', () => {
    const { supervisor, connect } = startRouting();
    const a = connect();
    supervisor.send({ type: 'route.send', connId: a.connId, message: GET_TRANSACTIONS });
    supervisor.send({ type: 'route.send', connId: a.connId, message: GET_CHAIN });
    supervisor.send({ type: 'route.broadcast', connIds: [a.connId], message: GET_TRANSACTIONS });
    expect(a.conn.writtenCommands()).toEqual(['Hello']);
  });

  it('routes nothing to a peer refused admission', () => {
    const { connect } = startRouting(1);
    connect().say(remoteHello(1));
    const b = connect();
    b.say(remoteHello(2));
    expect(b.conn.writtenCommands()).toEqual(['Hello', 'Disconnect']);
  });

  it('routes nothing after the peer was told to disconnect, and nothing while it is disconnecting', () => {
    const { supervisor, connect } = startRouting();
    const a = connect();
    a.say(remoteHello(1));
    supervisor.send({ type: 'route.disconnect', connId: a.connId, reason: 'BadProtocol' });
    supervisor.send({ type: 'route.send', connId: a.connId, message: GET_TRANSACTIONS });
    supervisor.send({ type: 'route.send', connId: a.connId, message: GET_CHAIN });
    supervisor.send({ type: 'route.broadcast', connIds: [a.connId], message: GET_TRANSACTIONS });
    expect(a.conn.writtenCommands()).toEqual([
      'Hello',
      'GetPeers',
      'GetChain',
      'GetTransactions',
      'Disconnect',
    ]);
  });

  it('broadcasts one message to the active peers named, skipping a peer in its handshake', () => {
    const { supervisor, connect } = startRouting();
    const a = connect();
    const b = connect();
    const pending = connect();
    a.say(remoteHello(1));
    b.say(remoteHello(2));
    const relay: Message = { command: 'Transactions', transactions: [] };
    supervisor.send({
      type: 'route.broadcast',
      connIds: [a.connId, pending.connId, b.connId],
      message: relay,
    });
    for (const c of [a, b]) {
      expect(c.writes.at(-1)).toEqual({ command: 'Transactions', state: { active: 'idle' } });
    }
    expect(pending.conn.writtenCommands()).toEqual(['Hello']);
  });

  it('drops what waited for a peer told to disconnect before it became active', () => {
    // A chain manager that refuses the peer at once: its disconnect reaches the machine right behind
    // `peer.admit`, before GetPeers and its own GetTransactions could be written.
    const { supervisor, connect } = startRouting(25, (connId) => [
      { type: 'route.disconnect', connId, reason: 'BadProtocol' },
      { type: 'route.send', connId, message: GET_TRANSACTIONS },
    ]);
    const a = connect();
    a.say(remoteHello(1));
    expect(a.conn.writtenCommands()).toEqual(['Hello', 'Disconnect']);
    expect(supervisor.getSnapshot().context.table.peers.get(a.connId)?.ref.getSnapshot().value).toBe(
      'disconnecting',
    );
  });
});
