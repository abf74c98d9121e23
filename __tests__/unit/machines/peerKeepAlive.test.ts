import { DEFAULT_PEER_TIMERS } from '../../../machines/peerMachine';
import type { HelloMessage, Message } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import { startPeer } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';

/*
 * The keep-alive restarts once per received chunk of whole frames (by its last message), not once per message
 * (issue 8): the Ping must still fall due exactly pingInterval after the last thing received, whatever the
 * chunking, and anything received while pinging must still end the wait for an answer.
 */

const { pingIntervalMs, pingTimeoutMs } = DEFAULT_PEER_TIMERS;

const hello: HelloMessage = {
  command: 'Hello',
  protocolVersion: 8,
  networkId: 0,
  clientId: 'remote',
  capabilities: 7,
  listenPort: 30303,
  nodeId: new Uint8Array(64).fill(0xab),
  fieldOrder: 'capabilitiesFirst',
};

function chunkOf(...messages: Message[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(messages.map(encodeMessageFrame)));
}

function activePeer() {
  const conn = new ScriptedConnection();
  const h = startPeer({ connection: conn });
  conn.deliver(encodeMessageFrame(hello));
  return { conn, h };
}

describe('keep-alive, restarted once per received chunk', () => {
  it('answers every Ping of one chunk and pings pingInterval after that chunk', () => {
    const { conn, h } = activePeer();
    h.advance(4000);
    conn.deliver(
      chunkOf({ command: 'Ping' }, { command: 'Ping' }, { command: 'GetPeers' }, { command: 'Ping' }),
    );
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Pong', 'Pong']);
    h.advance(pingIntervalMs - 1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Pong', 'Pong']);
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Pong', 'Pong', 'Ping']);
    expect(h.state()).toEqual({ active: 'pinging' });
  });

  it('counts a frame split over chunks as received when its last byte comes', () => {
    const { conn, h } = activePeer();
    const pong = encodeMessageFrame({ command: 'Pong' });
    h.advance(3000);
    conn.deliver(pong.subarray(0, 5));
    h.advance(3000);
    conn.deliver(pong.subarray(5));
    h.advance(pingIntervalMs - 1);
    expect(conn.writtenCommands()).toEqual(['Hello']);
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping']);
  });

  it('goes back to idle on anything received while pinging, and keeps the peer', () => {
    const { conn, h } = activePeer();
    h.advance(pingIntervalMs);
    expect(h.state()).toEqual({ active: 'pinging' });
    h.advance(pingTimeoutMs - 1);
    conn.deliver(chunkOf({ command: 'GetTransactions' }, { command: 'GetPeers' }));
    expect(h.state()).toEqual({ active: 'idle' });
    h.advance(pingIntervalMs - 1);
    expect(h.topState()).toBe('active');
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping']);
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping', 'Ping']);
  });

  it('still drops a peer that stays silent after the Ping', () => {
    const { conn, h } = activePeer();
    conn.deliver(chunkOf({ command: 'Ping' }));
    h.advance(pingIntervalMs);
    h.advance(pingTimeoutMs);
    expect(h.topState()).toBe('disconnecting');
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Ping', 'Disconnect']);
  });
});
