import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { LOCAL_NODE_ID, startPeer } from '../../helpers/peerHarness';
import type { Admission } from '../../helpers/peerHarness';
import type { HelloMessage, Message } from '../../../wire';
import { DisconnectReason, WireErrorCode, encodeMessageFrame } from '../../../wire';

const REMOTE_ID = new Uint8Array(64).fill(0xab);
const remoteHello = (over: Partial<HelloMessage> = {}): HelloMessage => ({
  command: 'Hello',
  protocolVersion: 8,
  networkId: 0,
  clientId: 'Ethereum(++)/v0.3.11/brew/Darwin/unknown',
  capabilities: 7,
  listenPort: 30303,
  nodeId: REMOTE_ID,
  fieldOrder: 'capabilitiesFirst',
  ...over,
});

function setup(admission: Admission = 'admit') {
  const conn = new ScriptedConnection();
  const h = startPeer({ connection: conn, admission });
  const say = (m: Message) => conn.deliver(encodeMessageFrame(m));
  return { conn, h, say };
}

function lastDisconnect(conn: ScriptedConnection): number | undefined {
  const d = conn.writtenMessages().filter((m) => m.command === 'Disconnect');
  expect(d).toHaveLength(1);
  const m = d[0]!;
  return m.command === 'Disconnect' ? m.reason : undefined;
}

describe('peer machine', () => {
  it('sends Hello in cpp-ethereum order with our 64-byte node id as soon as the connection opens', () => {
    const { conn, h } = setup();
    expect(h.state()).toEqual({ awaitingHello: 'waitingForHello' });
    const [hello] = conn.writtenMessages();
    expect(hello).toMatchObject({
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      capabilities: 7,
      listenPort: 30303,
      fieldOrder: 'capabilitiesFirst',
    });
    expect(hello?.command === 'Hello' && Buffer.from(hello.nodeId!).equals(Buffer.from(LOCAL_NODE_ID))).toBe(
      true,
    );
  });

  it('reports a valid Hello to the supervisor and becomes active once admitted', () => {
    const { h, say } = setup('manual');
    say(remoteHello());
    expect(h.state()).toEqual({ awaitingHello: 'waitingForAdmission' });
    expect(h.notifications.map((n) => n.type)).toEqual(['peer.helloReceived']);
    h.send({ type: 'peer.admit' });
    expect(h.state()).toEqual({ active: 'idle' });
  });

  it.each([
    ['a different protocol version', { protocolVersion: 7 }, DisconnectReason.IncompatibleNetworkProtocols],
    ['a different network id', { networkId: 1 }, DisconnectReason.WrongGenesisBlock],
  ])('disconnects a Hello with %s', (_, over, reason) => {
    const { conn, h, say } = setup();
    say(remoteHello(over));
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(reason);
    expect(h.notifications).toHaveLength(0);
  });

  it.each([
    ['Ping', { command: 'Ping' }],
    ['GetPeers', { command: 'GetPeers' }],
    ['Transactions', { command: 'Transactions', transactions: [] }],
  ] as const)('disconnects with Bad protocol when %s comes before Hello', (_, message) => {
    const { conn, h, say } = setup();
    say(message);
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(DisconnectReason.BadProtocol);
  });

  it('disconnects with Bad protocol on a second Hello', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    expect(h.topState()).toBe('active');
    say(remoteHello());
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(DisconnectReason.BadProtocol);
  });

  it('disconnects with Bad protocol when the sync token is wrong, and reads nothing after it', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    conn.deliver(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 2, 0xc1, 0x02]));
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(DisconnectReason.BadProtocol);
    say({ command: 'Ping' });
    expect(conn.writtenCommands()).toEqual(['Hello', 'Disconnect']);
    h.advance(2000);
    expect(h.notifications.at(-1)).toEqual({
      type: 'peer.closed',
      connId: 1,
      report: {
        reason: DisconnectReason.BadProtocol,
        by: 'local',
        wireErrorCode: WireErrorCode.BadSyncToken,
      },
    });
  });

  it('disconnects with Useless peer when no Hello comes within helloTimeout (5000 ms, not 4999)', () => {
    const { conn, h } = setup();
    h.advance(4999);
    expect(h.topState()).toBe('awaitingHello');
    h.advance(1);
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(DisconnectReason.UselessPeer);
  });

  it('closes the transport exactly 2000 ms after sending Disconnect, not at 1999', () => {
    const { conn, h } = setup({ reject: 'TooManyPeers' });
    conn.deliver(encodeMessageFrame(remoteHello()));
    expect(lastDisconnect(conn)).toBe(DisconnectReason.TooManyPeers);
    h.advance(1999);
    expect(h.topState()).toBe('disconnecting');
    expect(conn.isClosed).toBe(false);
    h.advance(1);
    expect(h.topState()).toBe('closed');
    expect(conn.closedInfo?.by).toBe('local');
  });

  it('ends the grace at once when the peer closes first (500 ms)', () => {
    const { conn, h } = setup({ reject: 'AlreadyConnected' });
    conn.deliver(encodeMessageFrame(remoteHello()));
    h.advance(500);
    conn.remoteClose();
    expect(h.topState()).toBe('closed');
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('closes at once when the peer sends Disconnect, and reports its reason', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    say({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
    expect(h.topState()).toBe('closed');
    expect(conn.isClosed).toBe(true);
    expect(conn.writtenCommands()).toEqual(['Hello']);
    expect(h.notifications.at(-1)).toMatchObject({
      type: 'peer.closed',
      report: { reason: DisconnectReason.ClientQuitting, by: 'remote' },
    });
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('answers Ping with Pong, also while waiting for admission', () => {
    const { conn, h, say } = setup('manual');
    say(remoteHello());
    say({ command: 'Ping' });
    h.send({ type: 'peer.admit' });
    say({ command: 'Ping' });
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Pong']);
  });

  it('pings a peer silent for pingInterval and drops it with Useless peer after pingTimeout', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    h.advance(9999);
    expect(conn.writtenCommands()).toEqual(['Hello']);
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping']);
    expect(h.state()).toEqual({ active: 'pinging' });
    h.advance(14_999);
    expect(h.topState()).toBe('active');
    h.advance(1);
    expect(h.topState()).toBe('disconnecting');
    expect(lastDisconnect(conn)).toBe(DisconnectReason.UselessPeer);
  });

  it('keeps a peer that answers the keep-alive Ping', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    h.advance(10_000);
    say({ command: 'Pong' });
    expect(h.state()).toEqual({ active: 'idle' });
    h.advance(9_000);
    say({ command: 'GetPeers' });
    h.advance(9_000);
    expect(h.topState()).toBe('active');
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping']);
  });

  it('forwards what is not the connection’s own business to the supervisor', () => {
    const { h, say } = setup();
    say(remoteHello());
    say({ command: 'GetPeers' });
    say({ command: 'GetTransactions' });
    say({ command: 'NotInChain', hash: new Uint8Array(32) });
    expect(
      h.notifications
        .filter((n) => n.type === 'peer.message')
        .map((n) => n.type === 'peer.message' && n.message.command),
    ).toEqual(['GetPeers', 'GetTransactions', 'NotInChain']);
  });

  it('writes what the supervisor asks it to send', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    h.send({ type: 'peer.send', message: { command: 'Peers', peers: [] } });
    h.send({ type: 'peer.disconnect', reason: 'ClientQuitting' });
    expect(conn.writtenCommands()).toEqual(['Hello', 'Peers', 'Disconnect']);
    expect(lastDisconnect(conn)).toBe(DisconnectReason.ClientQuitting);
  });

  it('leaves no timer behind once closed', () => {
    const { conn, h, say } = setup();
    say(remoteHello());
    h.advance(10_000);
    h.send({ type: 'peer.disconnect', reason: 'DisconnectRequested' });
    h.advance(2000);
    expect(h.topState()).toBe('closed');
    expect(conn.isClosed).toBe(true);
    expect(h.clock.pendingTimers).toBe(0);
  });
});
