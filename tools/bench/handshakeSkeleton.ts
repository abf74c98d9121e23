import { assign, createActor, enqueueActions, fromCallback, sendParent, setup } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { DIAL_INTERVAL_MS } from '../../actors/nodeSystem';
import { DEFAULT_PEER_TIMERS, peerMachine } from '../../machines/peerMachine';
import type { PeerEvent } from '../../machines/peerEvents';
import { supervisorMachine } from '../../machines/supervisorMachine';
import type { MailboxMessage, RegistryMessage, SupervisorEvent } from '../../machines/supervisorEvents';
import { createMemoryPair } from '../../transport/memory';
import type { HelloMessage } from '../../wire';
import type { Connection } from '../../transport/connection';
import type { Workload } from './measure';
import { remoteHello } from './peerDriver';
import { BENCH_LOCAL, silentConnection } from './xstateFloor';

/** Handshakes one pass runs, one after the other. */
const HANDSHAKES = 200;

const HELLO: PeerEvent = { type: 'wire.hello', message: remoteHello() };
const CLOSED: PeerEvent = { type: 'transport.closed', info: { by: 'remote', error: undefined } };

/**
 * `HANDSHAKES` handshakes a pass, each given a memory connection (the node's charts need one for the peer's
 * address; the least ones get it too, so both allocate the same), `handshake` running one to its end. A pass
 * returns the peers left in the table (none).
 */
function handshakeLoop(
  root: { stop(): void },
  handshake: (connection: Connection) => void,
  left: () => number,
): SkeletonWorkload {
  return {
    units: HANDSHAKES,
    bytes: 0,
    stop: () => root.stop(),
    run: () => {
      for (let i = 0; i < HANDSHAKES; i++) handshake(createMemoryPair()[0]);
      return left();
    },
  };
}

/** A workload of handshakes, and how to stop its supervisor (the node's arms a dial timer) when done. */
export interface SkeletonWorkload extends Workload {
  stop(): void;
}

/** A handshake's XState steps, counted on the actors that receive them (the skeleton's check, and its test). */
export interface SkeletonCounts {
  /** Messages the chain manager and the known-peers actor received (4 a handshake: active and gone, each). */
  mailbox: number;
  /** Peers the supervisor forgot after their done event (1 a handshake). */
  forgotten: number;
}

/**
 * The actor steps of one handshake with nothing else in them: the supervisor is told of a connection and
 * spawns a peer actor under itself (first state, a hello timer); the peer gets a Hello, tells the
 * supervisor, which admits it and tells the chain manager and the known-peers actor; the peer becomes
 * active (a ping timer), its transport closes, it reaches its final state, and the supervisor, told by its
 * done event, forgets it and tells those two again. Ten actor events, one actor made and stopped, two
 * timers armed and cancelled: the handshake of actors/nodeSystem.ts, in the least XState any chart could do
 * it with (one or two states an actor, no guards, no context but the ids).
 */
export function leastHandshakes(counts: SkeletonCounts): SkeletonWorkload {
  const peer = setup({
    types: {
      input: {} as { connId: number },
      context: {} as { connId: number; hello: HelloMessage | undefined },
      events: {} as PeerEvent,
    },
    delays: {
      helloTimeout: DEFAULT_PEER_TIMERS.helloTimeoutMs,
      pingInterval: DEFAULT_PEER_TIMERS.pingIntervalMs,
    },
  }).createMachine({
    id: 'peer',
    context: ({ input }) => ({ connId: input.connId, hello: undefined }),
    output: ({ context }) => ({ connId: context.connId }),
    initial: 'awaitingHello',
    states: {
      awaitingHello: {
        after: { helloTimeout: 'closed' },
        on: {
          'wire.hello': {
            actions: [
              assign({ hello: ({ event }) => event.message }),
              sendParent(({ context, event }) => ({
                type: 'peer.helloReceived',
                connId: context.connId,
                hello: event.message,
              })),
            ],
          },
          'peer.admit': 'active',
        },
      },
      active: {
        after: { pingInterval: 'active' },
        on: { 'transport.closed': 'closed' },
      },
      closed: { type: 'final' },
    },
  });
  const table = new Map<number, AnyActorRef>();
  const mailbox = fromCallback(({ receive }) => receive(() => void counts.mailbox++));
  type SkeletonEvent =
    | { type: 'connection.opened'; connId: number }
    | { type: 'peer.helloReceived'; connId: number }
    | { type: 'xstate.done.actor.peer'; output: { connId: number } };
  const supervisor = setup({
    types: { events: {} as SkeletonEvent },
    actors: { mailbox },
  }).createMachine({
    invoke: [
      { id: 'chainManager', src: 'mailbox' },
      { id: 'knownPeers', src: 'mailbox' },
    ],
    on: {
      'connection.opened': {
        actions: ({ event, self }) => {
          const ref = createActor(peer, { id: 'peer', parent: self, input: { connId: event.connId } });
          table.set(event.connId, ref);
          ref.start();
        },
      },
      'peer.helloReceived': {
        actions: enqueueActions(({ event, enqueue }) => {
          const ref = table.get(event.connId);
          if (ref === undefined) return;
          enqueue.sendTo(ref, { type: 'peer.admit' });
          enqueue.sendTo('chainManager', { type: 'active' });
          enqueue.sendTo('knownPeers', { type: 'active' });
        }),
      },
      'xstate.done.actor.peer': {
        actions: enqueueActions(({ event, enqueue }) => {
          table.delete(event.output.connId);
          counts.forgotten++;
          enqueue.sendTo('chainManager', { type: 'gone' });
          enqueue.sendTo('knownPeers', { type: 'gone' });
        }),
      },
    },
  });
  const root = createActor(supervisor).start();
  let connId = 0;
  return handshakeLoop(
    root,
    () => {
      const id = ++connId;
      root.send({ type: 'connection.opened', connId: id });
      const ref = table.get(id);
      if (ref === undefined) throw new Error('handshake skeleton: the peer was not spawned');
      ref.send(HELLO);
      ref.send(CLOSED);
    },
    () => table.size,
  );
}

/**
 * The same handshakes through the node's own charts, `supervisorMachine` and `peerMachine`, with every
 * effect taken out: the peer's connection is a port that serves nothing (no codec, no transport), the chain
 * manager, known-peers actor and dialer are callback actors that only count. What XState costs a handshake
 * as pocnode's machines define it (states, guards, context, the outbox subscription), against
 * `leastHandshakes`.
 */
export function chartHandshakes(counts: SkeletonCounts): SkeletonWorkload {
  const counted = new Set([
    'mailbox.peerActive',
    'mailbox.peerGone',
    'registry.peerActive',
    'registry.peerGone',
  ]);
  const count = (m: { type: string }): void => {
    if (counted.has(m.type)) counts.mailbox++;
  };
  const chainManager = fromCallback<MailboxMessage, undefined, SupervisorEvent>(({ receive }) =>
    receive(count),
  );
  const knownPeers = fromCallback<RegistryMessage, undefined, SupervisorEvent>(({ receive }) =>
    receive(count),
  );
  const machine = supervisorMachine.provide({
    actors: {
      peer: peerMachine.provide({ actions: { openConnection: silentConnection } }),
      chainManager,
      knownPeers,
      dialer: fromCallback(() => undefined),
    },
  });
  // The node's defaults (actors/nodeSystem.ts builds the same input from its config), without dialling.
  const root = createActor(machine, {
    input: {
      local: BENCH_LOCAL,
      timers: DEFAULT_PEER_TIMERS,
      maxFrameBytes: DEFAULT_NODE_CONFIG.maxFrameBytes,
      maxPeers: DEFAULT_NODE_CONFIG.maxPeers,
      maxPendingHandshakes: DEFAULT_NODE_CONFIG.maxPendingHandshakes,
      dial: false,
      dialIntervalMs: DIAL_INTERVAL_MS,
    },
  }).start();
  const { table } = root.getSnapshot().context;
  return handshakeLoop(
    root,
    (connection) => {
      const id = table.nextConnId;
      root.send({ type: 'connection.opened', connection, direction: 'inbound' });
      const entry = table.peers.get(id);
      if (entry === undefined) throw new Error('handshake skeleton: the peer was not spawned');
      entry.ref.send(HELLO);
      if (!entry.admitted) throw new Error('handshake skeleton: the peer was not admitted');
      entry.ref.send(CLOSED);
      if (table.peers.has(id)) throw new Error('handshake skeleton: the peer was not forgotten');
      counts.forgotten++;
    },
    () => table.peers.size,
  );
}
