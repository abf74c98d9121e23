import { DEFAULT_PEER_TIMERS } from '../../../machines/peerMachine';
import type { Message } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import { CountingClock } from '../../helpers/countingClock';
import { remoteHello, startPeer } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';

/*
 * Receiving does not restart the keep-alive timer (issue 8): the connection records when a chunk
 * completed a message, and the timer, when it fires, is armed again for what is left of the interval. The
 * Ping must still fall due exactly pingInterval after the last thing received, whatever the chunking, and
 * anything received while pinging must still end the wait for an answer.
 */

const { pingIntervalMs, pingTimeoutMs } = DEFAULT_PEER_TIMERS;

const hello = remoteHello(0xab);

function chunkOf(...messages: Message[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(messages.map(encodeMessageFrame)));
}

function activePeer() {
  const conn = new ScriptedConnection();
  const h = startPeer({ connection: conn });
  conn.deliver(encodeMessageFrame(hello));
  return { conn, h };
}

describe('keep-alive, counted from the last received chunk', () => {
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

describe('keep-alive, one timer re-armed for the rest of the interval', () => {
  it('arms no timer for chunks received while idle', () => {
    const clock = new CountingClock();
    const conn = new ScriptedConnection();
    const h = startPeer({ connection: conn, clock });
    conn.deliver(encodeMessageFrame(hello));
    const armed = clock.timersSet;
    for (let i = 0; i < 50; i++) {
      h.advance(100);
      conn.deliver(chunkOf({ command: 'GetPeers' }));
    }
    expect(clock.timersSet).toBe(armed);
    expect(h.state()).toEqual({ active: 'idle' });
  });

  it('pings exactly pingInterval after the last chunk when chunks keep coming past the first due time', () => {
    const { conn, h } = activePeer();
    // Due at 10,000; things come at 3,000, 9,500 and 15,000: re-armed at 10,000 for 9,500, at 19,500 for 5,500.
    h.advance(3000);
    conn.deliver(chunkOf({ command: 'Pong' }));
    h.advance(6500);
    conn.deliver(chunkOf({ command: 'GetPeers' }));
    h.advance(5500);
    conn.deliver(chunkOf({ command: 'Ping' }));
    h.advance(pingIntervalMs - 1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong']);
    expect(h.state()).toEqual({ active: 'idle' });
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Pong', 'Ping']);
    expect(h.state()).toEqual({ active: 'pinging' });
  });

  it('pings on time when the last chunk came exactly when the timer was armed', () => {
    const { conn, h } = activePeer();
    conn.deliver(chunkOf({ command: 'GetPeers' }));
    h.advance(pingIntervalMs - 1);
    expect(conn.writtenCommands()).toEqual(['Hello']);
    h.advance(1);
    expect(conn.writtenCommands()).toEqual(['Hello', 'Ping']);
  });
});
