import type { HelloMessage, Message } from '../../../wire';
import { DisconnectReason, encodeMessageFrame } from '../../../wire';
import { LOCAL_NODE_ID } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { startSupervisor } from '../../helpers/supervisorHarness';

const idOf = (n: number) => new Uint8Array(64).fill(n);
const hello = (nodeId: Uint8Array | undefined): HelloMessage => ({
  command: 'Hello',
  protocolVersion: 8,
  networkId: 0,
  clientId: 'remote',
  capabilities: 7,
  listenPort: 30303,
  nodeId,
  fieldOrder: 'capabilitiesFirst',
});

function connect(s: ReturnType<typeof startSupervisor>, nodeId?: Uint8Array) {
  const conn = new ScriptedConnection();
  s.supervisor.send({ type: 'connection.opened', connection: conn, direction: 'inbound' });
  const say = (m: Message) => conn.deliver(encodeMessageFrame(m));
  if (nodeId) say(hello(nodeId));
  return { conn, say };
}

const reasons = (conn: ScriptedConnection) =>
  conn.writtenMessages().flatMap((m) => (m.command === 'Disconnect' ? [m.reason] : []));
const peerStates = (s: ReturnType<typeof startSupervisor>) =>
  [...s.supervisor.getSnapshot().context.table.peers.values()].map((p) => p.ref.getSnapshot().value);

describe('supervisor', () => {
  it('admits a peer with a valid Hello, asks it for peers and tells the chain manager and registry', () => {
    const s = startSupervisor();
    const a = connect(s, idOf(1));
    expect(peerStates(s)).toEqual([{ active: 'idle' }]);
    expect(a.conn.writtenCommands()).toEqual(['Hello', 'GetPeers']);
    expect(s.mailbox.map((m) => m.type)).toEqual(['mailbox.peerActive']);
    expect(s.registry.map((m) => m.type)).toEqual(['registry.peerActive']);
  });

  it('tells the registry the node id it admitted, in hex, when the peer comes and when it goes', () => {
    const s = startSupervisor();
    const a = connect(s, idOf(0xab));
    a.conn.remoteClose();
    const hex = 'ab'.repeat(64);
    expect(s.registry.map((m) => [m.type, 'nodeIdHex' in m && m.nodeIdHex])).toEqual([
      ['registry.peerActive', hex],
      ['registry.peerGone', hex],
    ]);
  });

  it('rejects a second connection with the same node id while the first stays', () => {
    const s = startSupervisor();
    const first = connect(s, idOf(1));
    const second = connect(s, idOf(1));
    expect(reasons(second.conn)).toEqual([DisconnectReason.AlreadyConnected]);
    expect(reasons(first.conn)).toEqual([]);
    s.clock.increment(2000);
    expect(second.conn.isClosed).toBe(true);
    expect(peerStates(s)).toEqual([{ active: 'idle' }]);
  });

  it('accepts the id again once its first connection is gone', () => {
    const s = startSupervisor();
    const first = connect(s, idOf(1));
    first.say({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
    const again = connect(s, idOf(1));
    expect(reasons(again.conn)).toEqual([]);
    expect(peerStates(s)).toEqual([{ active: 'idle' }]);
  });

  it('rejects our own node id with Already connected', () => {
    const s = startSupervisor();
    const self = connect(s, LOCAL_NODE_ID);
    expect(reasons(self.conn)).toEqual([DisconnectReason.AlreadyConnected]);
  });

  it('rejects an all-zero node id as incompatible, like cpp-ethereum', () => {
    const s = startSupervisor();
    const zero = connect(s, new Uint8Array(64));
    expect(reasons(zero.conn)).toEqual([DisconnectReason.IncompatibleNetworkProtocols]);
  });

  it('admits a pyethereum peer that sends no node id', () => {
    const s = startSupervisor();
    connect(s).say(hello(undefined));
    expect(peerStates(s)).toEqual([{ active: 'idle' }]);
  });

  it('answers Too many peers past maxPeers', () => {
    const s = startSupervisor({ maxPeers: 2 });
    connect(s, idOf(1));
    connect(s, idOf(2));
    const third = connect(s, idOf(3));
    expect(reasons(third.conn)).toEqual([DisconnectReason.TooManyPeers]);
  });

  it('closes the oldest pending handshake when a connection finds the bound reached, never an admitted peer', () => {
    const s = startSupervisor({ maxPendingHandshakes: 2 });
    const admitted = connect(s, idOf(1));
    const first = connect(s);
    const second = connect(s);
    const third = connect(s);
    // The oldest handshake goes without a word (no Disconnect: it never said Hello); the newcomer is greeted.
    expect(first.conn.isClosed).toBe(true);
    expect(first.conn.writtenCommands()).toEqual(['Hello']);
    expect(third.conn.writtenCommands()).toEqual(['Hello']);
    expect([admitted, second, third].map((c) => c.conn.isClosed)).toEqual([false, false, false]);
    expect(s.supervisor.getSnapshot().context.table.peers.size).toBe(3);
    // The newcomer that finishes its Hello is admitted.
    third.say(hello(idOf(3)));
    expect(peerStates(s)).toEqual([
      { active: 'idle' },
      { awaitingHello: 'waitingForHello' },
      { active: 'idle' },
    ]);
  });

  it('never cuts its own dial in handshake to make room for an inbound connection', () => {
    const s = startSupervisor({ maxPendingHandshakes: 2 });
    const dialled = new ScriptedConnection();
    s.supervisor.send({ type: 'connection.opened', connection: dialled, direction: 'outbound' });
    const inbound = connect(s);
    const newcomer = connect(s);
    expect([dialled.isClosed, inbound.conn.isClosed, newcomer.conn.isClosed]).toEqual([false, true, false]);
  });

  it('closes every connection at once with a pending-handshake bound of 0', () => {
    const s = startSupervisor({ maxPendingHandshakes: 0 });
    const c = connect(s);
    expect(c.conn.isClosed).toBe(true);
    expect(c.conn.written).toHaveLength(0);
    expect(s.supervisor.getSnapshot().context.table.peers.size).toBe(0);
  });

  it('routes what peers say into the chain-manager mailbox and the registry', () => {
    const s = startSupervisor();
    const a = connect(s, idOf(1));
    a.say({ command: 'GetTransactions' });
    a.say({ command: 'GetChain', parents: [new Uint8Array(32)], count: 256 });
    a.say({ command: 'GetPeers' });
    a.say({ command: 'Peers', peers: [] });
    expect(s.mailbox.map((m) => m.type)).toEqual([
      'mailbox.peerActive',
      'mailbox.getTransactions',
      'mailbox.getChain',
    ]);
    expect(s.registry.map((m) => m.type)).toEqual([
      'registry.peerActive',
      'registry.getPeers',
      'registry.peers',
    ]);
  });

  it('sends what the chain manager routes to the right peer only', () => {
    const s = startSupervisor();
    const a = connect(s, idOf(1));
    const b = connect(s, idOf(2));
    s.supervisor.send({
      type: 'route.send',
      connId: 2,
      message: { command: 'Transactions', transactions: [] },
    });
    expect(a.conn.writtenCommands()).toEqual(['Hello', 'GetPeers']);
    expect(b.conn.writtenCommands()).toEqual(['Hello', 'GetPeers', 'Transactions']);
  });

  it('on shutdown sends Client quitting to every peer, waits the grace, then stops', () => {
    const s = startSupervisor();
    const a = connect(s, idOf(1));
    const b = connect(s, idOf(2));
    const pending = connect(s);
    s.supervisor.send({ type: 'node.stop' });
    for (const c of [a, b, pending]) expect(reasons(c.conn)).toEqual([DisconnectReason.ClientQuitting]);
    s.clock.increment(1999);
    expect(s.supervisor.getSnapshot().value).toBe('stopping');
    s.clock.increment(1);
    expect(s.supervisor.getSnapshot().value).toBe('stopped');
    expect(s.supervisor.getSnapshot().status).toBe('done');
    for (const c of [a, b, pending]) expect(c.conn.isClosed).toBe(true);
    expect(s.mailbox.filter((m) => m.type === 'mailbox.peerGone')).toHaveLength(2);
    expect(s.clock.pendingTimers).toBe(0);
  });

  it('never asks for dial targets with dialing off', () => {
    const s = startSupervisor({ dial: false, dialIntervalMs: 1000 });
    for (let i = 0; i < 3; i++) s.clock.increment(1000);
    expect(s.registry.filter((m) => m.type === 'registry.dialTick')).toHaveLength(0);
  });

  it('refuses new connections while stopping', () => {
    const s = startSupervisor();
    connect(s, idOf(1));
    s.supervisor.send({ type: 'node.stop' });
    const late = connect(s);
    expect(late.conn.isClosed).toBe(true);
    expect(late.conn.written).toHaveLength(0);
  });

  it('asks the known-peers actor for dial targets at once and then on its interval when dialing is on', () => {
    const s = startSupervisor({ dial: true, dialIntervalMs: 1000 });
    connect(s, idOf(1));
    for (let i = 0; i < 3; i++) s.clock.increment(1000);
    const ticks = s.registry.filter((m) => m.type === 'registry.dialTick');
    expect(ticks.map((t) => t.type === 'registry.dialTick' && t.peerCount)).toEqual([0, 1, 1, 1]);
    s.supervisor.send({ type: 'dial.request', host: '127.0.0.1', port: 30305 });
    expect(s.dials).toEqual([{ type: 'dialer.dial', host: '127.0.0.1', port: 30305 }]);
  });
});
