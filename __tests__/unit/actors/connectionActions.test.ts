import { createActor, setup } from 'xstate';
import { createConnectionActions } from '../../../actors/connectionActions';
import { connectionPort } from '../../../machines/connectionPort';
import { peerMachine } from '../../../machines/peerMachine';
import type { CloseInfo } from '../../../transport/connection';
import { createMemoryPair } from '../../../transport/memory';
import type { Message } from '../../../wire';
import {
  DisconnectReason,
  FrameDecoder,
  MAX_FRAME_BYTES,
  WireErrorCode,
  decodeMessage,
  encodeMessageFrame,
} from '../../../wire';
import { peerInput, remoteHello, startPeer } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { loadSession } from '../../helpers/vectors';

/*
 * Decode once (issue 8): the simulator's memory pairs hand every receiver of one relayed frame the same
 * chunk, and each connection decodes such a chunk only if no other did. Frames are the real ones
 * cpp-ethereum v0.3.11 sent (../shared session.jsonl).
 */

const session = loadSession().filter((f) => f.dir === 'in');
const frameOf = (cmd: string): Uint8Array => {
  const found = session.find((f) => f.cmd === cmd);
  if (found === undefined) throw new Error(`no ${cmd} in the session`);
  return found.frame;
};
const HELLO = frameOf('Hello');
const TRANSACTIONS = frameOf('Transactions');
const BLOCKS = session
  .filter((f) => f.cmd === 'Blocks')
  .reduce((a, b) => (b.frame.length > a.frame.length ? b : a)).frame;

function activePeer(maxFrameBytes?: number) {
  const conn = new ScriptedConnection();
  const h = startPeer({ connection: conn, ...(maxFrameBytes !== undefined && { maxFrameBytes }) });
  conn.deliver(HELLO.slice());
  expect(h.topState()).toBe('active');
  const received = (): Message[] =>
    h.notifications.flatMap((n) => (n.type === 'peer.message' ? [n.message] : []));
  return { conn, h, received };
}

describe('connection actions, one decoding per relayed chunk', () => {
  it('gives every connection that receives the same chunk the same decoded message', () => {
    const peers = [activePeer(), activePeer(), activePeer()];
    const chunk = TRANSACTIONS.slice();
    for (const p of peers) p.conn.deliver(chunk);
    const [first, ...others] = peers.map((p) => p.received());
    expect(first).toHaveLength(1);
    expect(first![0]).toEqual(decodeMessage(TRANSACTIONS.subarray(8)));
    for (const o of others) expect(o[0]).toBe(first![0]);
  });

  it('decodes a copy of a chunk afresh: the chunk object, not its bytes, is the key', () => {
    const a = activePeer();
    const b = activePeer();
    a.conn.deliver(BLOCKS.slice());
    b.conn.deliver(BLOCKS.slice());
    expect(b.received()[0]).toEqual(a.received()[0]);
    expect(b.received()[0]).not.toBe(a.received()[0]);
  });

  it("still holds a chunk decoded elsewhere to this connection's frame limit", () => {
    const a = activePeer();
    const small = activePeer(BLOCKS.length - 9);
    const chunk = BLOCKS.slice();
    a.conn.deliver(chunk);
    small.conn.deliver(chunk);
    expect(a.received()).toHaveLength(1);
    expect(small.received()).toEqual([]);
    expect(small.h.topState()).toBe('disconnecting');
    expect(small.conn.writtenMessages().at(-1)).toEqual({
      command: 'Disconnect',
      reason: DisconnectReason.BadProtocol,
    });
    small.h.advance(2000);
    const closed = small.h.notifications.find((n) => n.type === 'peer.closed');
    expect(closed?.type === 'peer.closed' && closed.report.wireErrorCode).toBe(WireErrorCode.FrameTooLarge);
  });

  it('reads a known chunk as part of the stream once a frame was split across chunks', () => {
    const a = activePeer();
    const b = activePeer();
    const chunk = TRANSACTIONS.slice();
    a.conn.deliver(chunk);
    // b is now 5 bytes into a frame header: the shared chunk's first 3 bytes end it (a size of 0x00224008
    // bytes, under the limit), the rest is that frame's payload, still incomplete; not a Transactions message.
    b.conn.deliver(frameOf('Ping').slice(0, 5));
    b.conn.deliver(chunk);
    expect(a.received()).toHaveLength(1);
    expect(b.received()).toEqual([]);
    expect(b.h.topState()).toBe('active');
  });
});

describe('connection actions, forwarding while the peer is idle', () => {
  it('hands what changes nothing in idle to the direct path, without a step of the peer machine', () => {
    const { conn, h, received } = activePeer();
    let steps = 0;
    h.peer.subscribe(() => void steps++);
    conn.deliver(TRANSACTIONS.slice());
    conn.deliver(frameOf('GetPeers').slice());
    expect(received().map((m) => m.command)).toEqual(['Transactions', 'GetPeers']);
    expect(steps).toBe(0);
    // A Ping is answered with the machine's Pong, a Pong is nothing in idle; neither is a step.
    const written = conn.writtenCommands().length;
    conn.deliver(frameOf('Ping').slice());
    conn.deliver(encodeMessageFrame({ command: 'Pong' }));
    expect(steps).toBe(0);
    expect(conn.writtenCommands().slice(written)).toEqual(['Pong']);
    expect(h.state()).toEqual({ active: 'idle' });
    // A Hello is the machine's own business: one step, to disconnecting (Bad protocol).
    conn.deliver(frameOf('Hello').slice());
    expect(steps).toBeGreaterThan(0);
    expect(h.topState()).toBe('disconnecting');
  });

  it('answers a Ping while pinging through the machine: one step, one Pong, back to idle', () => {
    const { conn, h } = activePeer();
    h.advance(10_000);
    expect(h.state()).toEqual({ active: 'pinging' });
    let steps = 0;
    h.peer.subscribe(() => void steps++);
    const written = conn.writtenCommands().length;
    conn.deliver(frameOf('Ping').slice());
    expect(steps).toBe(1);
    expect(conn.writtenCommands().slice(written)).toEqual(['Pong']);
    expect(h.state()).toEqual({ active: 'idle' });
  });

  it('goes through the machine again once it left idle: a message while pinging ends the wait', () => {
    const { conn, h, received } = activePeer();
    h.advance(10_000);
    expect(h.state()).toEqual({ active: 'pinging' });
    conn.deliver(frameOf('GetPeers').slice());
    expect(h.state()).toEqual({ active: 'idle' });
    expect(received().map((m) => m.command)).toEqual(['GetPeers']);
  });

  it('forwards nothing once the peer is disconnecting', () => {
    const { conn, h, received } = activePeer();
    h.send({ type: 'peer.disconnect', reason: 'ClientQuitting' });
    conn.deliver(TRANSACTIONS.slice());
    expect(received()).toEqual([]);
  });
});

/** A memory pair whose deliveries run only when the test says: `step` runs one, `flush` all. */
function memoryPair() {
  const queue: Array<() => void> = [];
  const [local, remote] = createMemoryPair({ schedule: (fn) => queue.push(fn) });
  const heard: { commands: string[]; closed: CloseInfo | undefined } = { commands: [], closed: undefined };
  const decoder = new FrameDecoder({ maxFrameBytes: MAX_FRAME_BYTES });
  remote.start({
    data: (chunk) => {
      for (const payload of decoder.push(chunk).frames) heard.commands.push(decodeMessage(payload).command);
    },
    closed: (info) => void (heard.closed = info),
  });
  const step = (): boolean => {
    const next = queue.shift();
    next?.();
    return next !== undefined;
  };
  const flush = (): void => {
    while (step()) continue;
  };
  return { local, remote, heard, step, flush };
}

describe("connection actions, the peer actor's end", () => {
  it('closes the transport of a peer actor stopped from outside, not through closed', () => {
    const pair = memoryPair();
    const peer = createActor(peerMachine.provide({ actions: createConnectionActions() }), {
      input: peerInput(pair.local, undefined),
    }).start();
    pair.flush();
    expect(pair.heard.commands).toEqual(['Hello']);
    peer.stop();
    expect(peer.getSnapshot().status).toBe('stopped');
    pair.flush();
    expect(pair.heard.closed).toEqual({ by: 'remote', error: undefined });
  });

  it('closes the transport of a peer stopped with its parent', () => {
    const pair = memoryPair();
    const h = startPeer({ connection: pair.local, admission: 'manual' });
    pair.flush();
    h.parent.stop();
    expect(h.peer.getSnapshot().status).toBe('stopped');
    pair.flush();
    expect(pair.heard.closed?.by).toBe('remote');
    // Closed on stop, not on the hello timeout: nothing but our Hello was said.
    expect(pair.heard.commands).toEqual(['Hello']);
  });

  it('releases the port when the peer reaches closed: no further command is served', () => {
    const pair = memoryPair();
    const frameOut = jest.fn();
    const h = startPeer({ connection: pair.local, observer: { frameOut } });
    pair.remote.write(encodeMessageFrame(remoteHello(0x22)));
    pair.flush();
    expect(h.topState()).toBe('active');
    pair.remote.write(encodeMessageFrame({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting }));
    // Up to the Disconnect's delivery only: the transport has not yet reported its end to the peer.
    while (h.peer.getSnapshot().status === 'active') expect(pair.step()).toBe(true);
    expect(h.peer.getSnapshot().value).toBe('closed');
    const sent = frameOut.mock.calls.length;
    connectionPort(pair.local).command({ type: 'connection.send', message: { command: 'Ping' } });
    expect(frameOut).toHaveBeenCalledTimes(sent);
    pair.flush();
    expect(pair.heard.commands).not.toContain('Ping');
    expect(pair.heard.closed?.by).toBe('remote');
  });

  it('tells a peer that has ended nothing when its transport later reports the close it was asked for', () => {
    const pair = memoryPair();
    const h = startPeer({ connection: pair.local });
    pair.remote.write(encodeMessageFrame(remoteHello(0x22)));
    pair.flush();
    pair.remote.write(encodeMessageFrame({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting }));
    while (h.peer.getSnapshot().status === 'active') expect(pair.step()).toBe(true);
    expect(h.peer.getSnapshot().value).toBe('closed');
    const send = jest.spyOn(h.peer, 'send');
    pair.flush();
    expect(pair.heard.closed?.by).toBe('remote');
    expect(send).not.toHaveBeenCalled();
  });

  it('closes the transport of a peer actor that failed', () => {
    const pair = memoryPair();
    const failing = peerMachine.provide({
      actions: {
        ...createConnectionActions(),
        sendHello: () => {
          throw new Error('a failing action');
        },
      },
    });
    const parent = createActor(
      setup({ actors: { peer: failing } }).createMachine({
        invoke: {
          id: 'peer',
          src: 'peer',
          input: ({ self }) => peerInput(pair.local, self),
        },
        on: { '*': {} },
      }),
    ).start();
    expect(parent.getSnapshot().children.peer?.getSnapshot().status).toBe('error');
    pair.flush();
    expect(pair.heard.closed?.by).toBe('remote');
  });
});
