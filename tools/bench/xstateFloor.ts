import { createActor, fromCallback, sendTo, setup } from 'xstate';
import type { OpenConnectionArgs } from '../../actors/connectionActions';
import { DEFAULT_PEER_TIMERS, peerMachine } from '../../machines/peerMachine';
import type { LocalIdentity } from '../../machines/peerMachine';
import { PEER_ACTOR_ID } from '../../machines/peerEvents';
import type { PeerEvent } from '../../machines/peerEvents';
import { createMemoryPair } from '../../transport/memory';
import { MAX_FRAME_BYTES } from '../../wire';
import { compareRates, measureRate } from './measure';
import { formatNumber } from './types';
import type { Workload } from './measure';
import { remoteHello } from './peerDriver';
import type { BenchOptions, BenchResult } from './types';

/** What the peer machines measured in this process say about themselves in Hello. */
export const BENCH_LOCAL: LocalIdentity = {
  networkId: 0,
  clientId: 'bench',
  listenPort: 0,
  nodeId: new Uint8Array(64).fill(1),
};

/**
 * A peer's `openConnection` with no transport behind it: its port opens (its commands are served by nothing)
 * and closes when the actor ends, as actors/connectionActions.ts subscribes to it. What is left of a peer
 * machine is XState's work.
 */
export function silentConnection({ context, self }: OpenConnectionArgs): void {
  const { port } = context;
  port.open(() => undefined);
  self.subscribe({ complete: () => port.close(), error: () => port.close() });
}

/** Events sent per pass. */
const EVENTS = 1000;

function eventsWorkload(send: () => void): Workload {
  return {
    units: EVENTS,
    bytes: 0,
    run: () => {
      for (let i = 0; i < EVENTS; i++) send();
      return EVENTS;
    },
  };
}

/** The least an XState v5 actor does per event: one state, a targetless transition, one action. */
function minimalActor(): () => void {
  let n = 0;
  const machine = setup({ actions: { count: () => void n++ } }).createMachine({
    on: { ping: { actions: 'count' } },
  });
  const actor = createActor(machine).start();
  const event = { type: 'ping' } as const;
  return () => actor.send(event);
}

/** The old keep-alive pattern: every event re-enters a child state that has a delayed transition. */
function reenteringActor(): () => void {
  let n = 0;
  const machine = setup({ actions: { count: () => void n++ }, delays: { interval: 10_000 } }).createMachine({
    initial: 'active',
    states: {
      active: {
        initial: 'idle',
        states: { idle: { after: { interval: 'idle' } } },
        on: { ping: { target: '.idle', reenter: true, actions: 'count' } },
      },
    },
  });
  const actor = createActor(machine).start();
  const event = { type: 'ping' } as const;
  return () => actor.send(event);
}

/** The real peer machine, admitted and active, its connection replaced by a port that only counts. */
function activePeerMachine(): () => void {
  const [connection] = createMemoryPair();
  let served = 0;
  const openConnection = ({ context }: OpenConnectionArgs): void => context.port.open(() => void served++);
  const parent = setup({
    actors: { peer: peerMachine.provide({ actions: { openConnection } }) },
  }).createMachine({
    invoke: {
      id: PEER_ACTOR_ID,
      src: 'peer',
      input: ({ self }) => ({
        connId: 1,
        direction: 'inbound' as const,
        remote: '127.0.0.1:1',
        connection,
        local: BENCH_LOCAL,
        timers: DEFAULT_PEER_TIMERS,
        maxFrameBytes: MAX_FRAME_BYTES,
        parent: self,
      }),
    },
    on: { 'peer.helloReceived': { actions: sendTo(PEER_ACTOR_ID, { type: 'peer.admit' }) } },
  });
  const root = createActor(parent).start();
  const peer = root.getSnapshot().children[PEER_ACTOR_ID]!;
  peer.send({ type: 'wire.hello', message: remoteHello() } satisfies PeerEvent);
  const ping: PeerEvent = { type: 'wire.ping', message: { command: 'Ping' } };
  return () => peer.send(ping);
}

/**
 * XState's part of one connection, as the supervisor does it: a peer machine created with the supervisor as
 * parent and started (first state, hello timer, its connection opened and its end subscribed to, as
 * actors/connectionActions.ts does), then ended by its transport closing (final state, which stops it and
 * sends the parent its done event), with a connection that does nothing. One unit is one connection.
 */
function spawnAndStop(): () => void {
  const [connection] = createMemoryPair();
  const peer = peerMachine.provide({ actions: { openConnection: silentConnection } });
  const parent = createActor(setup({}).createMachine({})).start();
  const input = {
    connId: 1,
    direction: 'inbound' as const,
    remote: '127.0.0.1:1',
    connection,
    local: BENCH_LOCAL,
    timers: DEFAULT_PEER_TIMERS,
    maxFrameBytes: MAX_FRAME_BYTES,
    parent,
  };
  const closed: PeerEvent = { type: 'transport.closed', info: { by: 'remote', error: undefined } };
  return () => createActor(peer, { id: PEER_ACTOR_ID, parent, input }).start().send(closed);
}

/**
 * What an invoked callback actor costs XState to create, start and stop: the same small machine (a timer, a
 * final state) with and without one, created, started and ended in turn. One unit is one machine. This is
 * the design the peer's connection had before it became actions (the `openConnection` action,
 * actors/connectionActions.ts), not what the node runs now.
 */
function createAndStop(withInvoke: boolean): () => void {
  const connection = fromCallback(() => () => undefined);
  const machine = setup({ actors: { connection }, delays: { timeout: 5000 } }).createMachine({
    initial: 'waiting',
    ...(withInvoke && { invoke: { id: 'connection', src: 'connection' } }),
    states: { waiting: { after: { timeout: 'done' }, on: { close: 'done' } }, done: { type: 'final' } },
  });
  const close = { type: 'close' } as const;
  // Under one parent, as the supervisor creates its peers (one actor system, the parent's clock).
  const parent = createActor(setup({}).createMachine({})).start();
  // A peer reaches its final state and stops itself (a child of a parent cannot be stopped from outside).
  return () => createActor(machine, { id: PEER_ACTOR_ID, parent }).start().send(close);
}

/**
 * What XState itself costs per event on this machine, for the peer row's note: the floor under any
 * machine, the keep-alive pattern the peer machine used to run on every message, and the peer machine's
 * own handling of a Ping (no codec, no transport).
 */
export function xstateFloorResults(options: BenchOptions): BenchResult[] {
  const row = (name: string, send: () => void, note: string): BenchResult => ({
    name,
    value: measureRate(eventsWorkload(send), options).unitsPerSecond,
    unit: 'events/CPU-s',
    note: `information: ${note}`,
  });
  return [
    row('peer.xstate.minimal', minimalActor(), 'XState v5, one state, targetless transition, one action'),
    row(
      'peer.xstate.reenter',
      reenteringActor(),
      'XState v5, re-entering a child state with a delayed transition (cancel + re-arm) per event',
    ),
    {
      name: 'peer.xstate.spawnStop',
      value: measureRate(eventsWorkload(spawnAndStop()), options).unitsPerSecond,
      unit: 'peers/CPU-s',
      note: 'information: XState v5 starting a peer machine under a parent and ending it (its part of one connection)',
    },
    invokedActorRow(options),
    row(
      'peer.xstate.peerMachine',
      activePeerMachine(),
      "the peer machine's Ping → Pong alone (port that counts)",
    ),
  ];
}

/**
 * CPU-µs an invoked callback actor adds to creating, starting and stopping a machine (its own Actor). It
 * times the design the peer's connection had before it became actions, not the node as it is: 32–43 CPU-µs
 * in the runs before that change, 47 in the final run of session 4 (BENCHMARKS.md). It stays as the
 * measurement behind that change.
 */
function invokedActorRow(options: BenchOptions): BenchResult {
  // Alternated rounds in one run (this VM's speed moves within minutes), not two runs one after the other.
  const r = compareRates(eventsWorkload(createAndStop(true)), eventsWorkload(createAndStop(false)), options);
  const withOne = r.ours.unitsPerSecond;
  const without = r.baseline.unitsPerSecond;
  return {
    name: 'peer.xstate.invokedActor',
    value: 1e6 / withOne - 1e6 / without,
    unit: 'CPU-µs/actor',
    note:
      `information: what an invoked callback actor (the peer's connection until issue 8's change to ` +
      `actions) adds to a machine's XState start and stop ` +
      `(${formatNumber(without)} machines/CPU-s without one, ${formatNumber(withOne)} with one)`,
  };
}
