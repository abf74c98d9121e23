import { Writable } from 'node:stream';
import pino from 'pino';
import type { AnyActorRef, StateValue } from 'xstate';
import { FAILED_HANDSHAKE_SUMMARY_MS, createPeerStateTracker } from '../../../actors/peerStateTracker';
import type { PeerContext } from '../../../machines/peerMachine';
import type { SupervisorContext } from '../../../machines/supervisorMachine';
import { DisconnectReason } from '../../../wire';
import type { HelloMessage } from '../../../wire';

interface Line {
  readonly level: number;
  readonly msg: string;
  readonly conn?: number;
  readonly count?: number;
  readonly handshake?: string;
}

/** A pino logger at `level` whose lines are kept, parsed. */
function capturedLogger(level: string): { logger: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

interface FakeSnapshot {
  readonly value: StateValue;
  readonly context: Partial<PeerContext>;
}

/** A peer actor as the tracker sees it: a snapshot, and subscribers told of the next ones. */
function fakePeer(connId: number): { ref: AnyActorRef; next(snapshot: FakeSnapshot): void } {
  let current: FakeSnapshot = {
    value: { awaitingHello: 'waitingForHello' },
    context: { connId, remote: `10.0.0.${connId}:30303`, direction: 'inbound', remoteHello: undefined },
  };
  const observers: Array<(s: FakeSnapshot) => void> = [];
  const ref = {
    getSnapshot: () => current,
    subscribe: (o: { next: (s: FakeSnapshot) => void }) => {
      observers.push(o.next);
      return { unsubscribe: () => undefined };
    },
  } as unknown as AnyActorRef;
  return {
    ref,
    next: (snapshot) => {
      current = snapshot;
      for (const o of observers) o(snapshot);
    },
  };
}

const HELLO = { command: 'Hello', clientId: 'peer', nodeId: new Uint8Array(64).fill(7) } as HelloMessage;

/** Tracks `count` peers on a clock the test sets; `close(i, withHello)` takes peer i to `closed`. */
function tracked(level: string, count: number) {
  let t = 0;
  const { logger, lines } = capturedLogger(level);
  const tracker = createPeerStateTracker({
    now: () => t,
    startedAt: 0,
    observer: {},
    logger,
    listeners: new Set(),
  });
  const peers = Array.from({ length: count }, (_, i) => fakePeer(i + 1));
  const context = {
    table: {
      nextConnId: count + 1,
      peers: new Map(peers.map((p, i) => [i + 1, { connId: i + 1, ref: p.ref }])),
    },
  } as unknown as SupervisorContext;
  tracker.supervisorChanged(context);
  return {
    lines,
    at: (ms: number) => {
      t = ms;
    },
    close: (i: number, withHello: boolean) =>
      peers[i - 1]!.next({
        value: 'closed',
        context: {
          connId: i,
          remote: `10.0.0.${i}:30303`,
          direction: 'inbound',
          remoteHello: withHello ? HELLO : undefined,
          closedBy: 'local',
          reason: DisconnectReason.UselessPeer,
        },
      }),
  };
}

const INFO = 30;
const DEBUG = 20;

describe('peer state tracker: the disconnect lines of failed handshakes', () => {
  it('logs the first failed handshake of a window at info and the rest at debug, then says how many there were', () => {
    const run = tracked('debug', 5);
    run.at(1000);
    run.close(1, false);
    run.at(2000);
    run.close(2, false);
    run.at(1000 + FAILED_HANDSHAKE_SUMMARY_MS - 1);
    run.close(3, false);
    run.at(1000 + FAILED_HANDSHAKE_SUMMARY_MS);
    run.close(4, false);
    const lines = run.lines.map((l) => [l.level, l.msg, l.conn ?? l.count]);
    expect(lines).toEqual([
      [INFO, 'peer disconnected', 1],
      [DEBUG, 'peer disconnected', 2],
      [DEBUG, 'peer disconnected', 3],
      [INFO, 'peers disconnected before their Hello, logged at debug', 2],
      [INFO, 'peer disconnected', 4],
    ]);
  });

  it('keeps every disconnect of a peer whose Hello was accepted at info (issue 6), even inside a window', () => {
    const run = tracked('info', 4);
    run.at(10);
    run.close(1, false);
    run.close(2, false);
    run.close(3, true);
    run.close(4, true);
    expect(run.lines.map((l) => [l.msg, l.conn, l.handshake])).toEqual([
      ['peer disconnected', 1, 'failed'],
      ['peer disconnected', 3, 'completed'],
      ['peer disconnected', 4, 'completed'],
    ]);
  });

  it('writes one info line per window under a flood of connections that never say Hello', () => {
    const run = tracked('info', 1000);
    // 1,000 cut handshakes over 20 s: 50 a second.
    for (let i = 1; i <= 1000; i++) {
      run.at(i * 20);
      run.close(i, false);
    }
    expect(run.lines.length).toBeLessThanOrEqual(4);
    const summary = run.lines.find((l) => l.count !== undefined);
    expect(summary?.count).toBe(FAILED_HANDSHAKE_SUMMARY_MS / 20 - 1);
  });
});
