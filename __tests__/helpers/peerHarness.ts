import { createActor, setup } from 'xstate';
import { CountingClock } from './countingClock';
import type { ActorRefFrom } from 'xstate';
import { createConnectionActions } from '../../actors/connectionActions';
import type { NodeObserver } from '../../actors/observer';
import type { PeerClosed, PeerNotification, PeerOutput } from '../../machines/peerEvents';
import type { NotificationTarget } from '../../machines/connectionPort';
import type { LocalIdentity, PeerInput, PeerTimers } from '../../machines/peerMachine';
import { DEFAULT_PEER_TIMERS, peerMachine } from '../../machines/peerMachine';
import type { Connection } from '../../transport/connection';
import type { DisconnectReasonName, HelloMessage } from '../../wire';
import { MAX_FRAME_BYTES, helloMessage } from '../../wire';

export const LOCAL_NODE_ID = new Uint8Array(64).fill(0x11);

export const LOCAL_IDENTITY: LocalIdentity = {
  networkId: 0,
  clientId: 'pocnode/test',
  listenPort: 30303,
  nodeId: LOCAL_NODE_ID,
};

/** How the stand-in supervisor answers a valid Hello. */
export type Admission = 'admit' | 'manual' | { reject: DisconnectReasonName };

export interface PeerHarnessOptions {
  readonly connection: Connection;
  readonly admission?: Admission;
  readonly timers?: PeerTimers;
  readonly clock?: CountingClock;
  readonly maxFrameBytes?: number;
  /** Hooks the connection calls (frames in and out, wire errors). */
  readonly observer?: NodeObserver;
}

/**
 * The peer machine's input the tests give: connection 1, inbound from 127.0.0.1:40112, the local identity
 * above, the default timers and frame limit; `parent` is the peer's XState parent, or undefined for a root actor.
 */
export function peerInput(
  connection: Connection,
  parent: NotificationTarget | undefined,
  overrides: Partial<Omit<PeerInput, 'connection' | 'parent'>> = {},
): PeerInput {
  return {
    connId: 1,
    direction: 'inbound',
    remote: '127.0.0.1:40112',
    local: LOCAL_IDENTITY,
    timers: DEFAULT_PEER_TIMERS,
    maxFrameBytes: MAX_FRAME_BYTES,
    ...overrides,
    connection,
    parent,
  };
}

/** What the stand-in parent heard: the peer's notifications, and its done event's output as `peer.closed`. */
export type HeardFromPeer = PeerNotification | ({ readonly type: 'peer.closed' } & PeerOutput);

/** The peer machine with the real connection actions, reading time from the harness's clock. */
const providedPeer = (clock: { now(): number }, observer: NodeObserver = {}) =>
  peerMachine.provide({ actions: createConnectionActions(observer, { now: () => clock.now() }) });

/**
 * Runs one peer machine under a stand-in parent (the supervisor's role) on a simulated clock and
 * records everything the machine reports upward.
 */
export function startPeer(options: PeerHarnessOptions) {
  const notifications: HeardFromPeer[] = [];
  const admission = options.admission ?? 'admit';
  const clock = options.clock ?? new CountingClock();
  const parentMachine = setup({
    types: { events: {} as PeerNotification | PeerClosed },
    actors: { peer: providedPeer(clock, options.observer) },
  }).createMachine({
    invoke: {
      id: 'peer',
      src: 'peer',
      input: ({ self }) =>
        peerInput(options.connection, self, {
          ...(options.timers !== undefined && { timers: options.timers }),
          ...(options.maxFrameBytes !== undefined && { maxFrameBytes: options.maxFrameBytes }),
        }),
    },
    on: {
      '*': {
        actions: ({ event, self }) => {
          if (event.type === 'xstate.done.actor.peer') {
            notifications.push({ type: 'peer.closed', ...event.output });
            return;
          }
          if (!event.type.startsWith('peer.')) return;
          notifications.push(event);
          if (event.type !== 'peer.helloReceived' || admission === 'manual') return;
          const child = self.getSnapshot().children.peer as
            ActorRefFrom<ReturnType<typeof providedPeer>> | undefined;
          if (admission === 'admit') child?.send({ type: 'peer.admit' });
          else child?.send({ type: 'peer.reject', reason: admission.reject });
        },
      },
    },
  });
  const parent = createActor(parentMachine, { clock });
  parent.start();
  const peer = parent.getSnapshot().children.peer as ActorRefFrom<ReturnType<typeof providedPeer>>;
  return {
    parent,
    peer,
    clock,
    notifications,
    /** The peer machine's state value, e.g. 'active' or { awaitingHello: 'waitingForHello' }. */
    state: () => peer.getSnapshot().value,
    /** The top-level state name. */
    topState: () => {
      const v = peer.getSnapshot().value;
      return typeof v === 'string' ? v : Object.keys(v)[0]!;
    },
    send: (event: Parameters<typeof peer.send>[0]) => peer.send(event),
    advance: (ms: number) => clock.increment(ms),
  };
}

/** The Hello the unit tests' remote peer sends: node id all `fill`, client `remote`, listening on 30303. */
export function remoteHello(fill: number): HelloMessage {
  return helloMessage(new Uint8Array(64).fill(fill), { clientId: 'remote', listenPort: 30303 });
}
