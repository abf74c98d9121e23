import { assign, sendParent, setup } from 'xstate';
import type { DisconnectReasonName, HelloMessage, WireErrorCode } from '../wire';
import { DisconnectReason, PROTOCOL_VERSION, helloMessage } from '../wire';
import type { Connection } from '../transport/connection';
import type { ConnectionPort, NotificationTarget } from './connectionPort';
import { connectionPort } from './connectionPort';
import { FORWARDED_EVENT_TYPES } from './peerEvents';
import type {
  ConnectionCommand,
  ForwardedMessage,
  PeerEvent,
  PeerNotification,
  PeerOutput,
  WireMessageEvent,
} from './peerEvents';

/** The protocol's durations, in milliseconds (CONTRACT.md §3); named XState delays read them from context. */
export interface PeerTimers {
  readonly helloTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly disconnectGraceMs: number;
}

export const DEFAULT_PEER_TIMERS: PeerTimers = {
  helloTimeoutMs: 5000,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 15_000,
  disconnectGraceMs: 2000,
};

/** What we say about ourselves in Hello. */
export interface LocalIdentity {
  readonly networkId: number;
  readonly clientId: string;
  readonly listenPort: number;
  /** 64 bytes. */
  readonly nodeId: Uint8Array;
  readonly capabilities?: number;
}

export type PeerDirection = 'inbound' | 'outbound';

export interface PeerInput {
  readonly connId: number;
  readonly direction: PeerDirection;
  readonly remote: string;
  readonly connection: Connection;
  readonly local: LocalIdentity;
  readonly timers: PeerTimers;
  readonly maxFrameBytes: number;
  /**
   * The peer's XState parent (the supervisor), which whoever makes the peer must give here too, or undefined
   * for a peer run as a root actor (tests): XState has no public way to read an actor's parent. The direct
   * path of `active.idle` forwards to it as `sendParent` does (without it every message takes a step), and
   * the connection's actions leave a failure to it (without it they rethrow, so it is not swallowed).
   */
  readonly parent: NotificationTarget | undefined;
}

export interface PeerContext {
  readonly connId: number;
  readonly direction: PeerDirection;
  readonly remote: string;
  readonly connection: Connection;
  readonly local: LocalIdentity;
  readonly timers: PeerTimers;
  readonly maxFrameBytes: number;
  /** The connection's port (machines/connectionPort.ts), looked up once rather than per command. */
  readonly port: ConnectionPort;
  readonly parent: NotificationTarget | undefined;
  readonly remoteHello: HelloMessage | undefined;
  /** The Disconnect reason we sent or received. */
  readonly reason: number | undefined;
  readonly closedBy: 'local' | 'remote' | undefined;
  readonly wireErrorCode: WireErrorCode | undefined;
}

/**
 * Our Hello, one message object per identity: every connection says the same Hello, and the connection
 * (actors/connectionActions.ts) encodes a message object once (tools/bench, handshake).
 */
const HELLOS = new WeakMap<LocalIdentity, ConnectionCommand>();

function sendHelloCommand(local: LocalIdentity): ConnectionCommand {
  let command = HELLOS.get(local);
  if (command === undefined) {
    command = { type: 'connection.send', message: helloOf(local) };
    HELLOS.set(local, command);
  }
  return command;
}

function helloOf(local: LocalIdentity): HelloMessage {
  const { networkId, clientId, listenPort, capabilities } = local;
  return helloMessage(local.nodeId, {
    networkId,
    clientId,
    listenPort,
    ...(capabilities !== undefined && { capabilities }),
  });
}

const SEND_PING: ConnectionCommand = { type: 'connection.send', message: { command: 'Ping' } };
const SEND_PONG: ConnectionCommand = { type: 'connection.send', message: { command: 'Pong' } };
const CLOSE: ConnectionCommand = { type: 'connection.close' };
const STOP_READING: ConnectionCommand = { type: 'connection.stopReading' };

/** Gives the connection a command through the connection's port (machines/connectionPort.ts). */
function command(context: PeerContext, c: ConnectionCommand): void {
  context.port.command(c);
}

/**
 * One peer connection (CONTRACT.md §3): `awaitingHello` → `active` → `disconnecting` → `closed`.
 * Pure: the socket is served by the `openConnection` action the caller provides
 * (actors/connectionActions.ts), which the send actions reach through the connection's port; every duration
 * is a named delay read from context, so the node, tests, replay and the chart all run this same definition.
 */
export const peerMachine = setup({
  types: {
    context: {} as PeerContext,
    events: {} as PeerEvent,
    input: {} as PeerInput,
    output: {} as PeerOutput,
  },
  delays: {
    helloTimeout: ({ context }) => context.timers.helloTimeoutMs,
    // What is left of the interval since the last thing received: the whole interval when idle is entered on
    // receiving (admission follows the peer's Hello; a message ends pinging), the rest when the timer re-arms
    // idle because something came meanwhile. Nothing received on a clock yet: the whole interval.
    pingInterval: ({ context }) => {
      const left = context.port.quietLeft(context.timers.pingIntervalMs);
      return left > 0 ? left : context.timers.pingIntervalMs;
    },
    pingTimeout: ({ context }) => context.timers.pingTimeoutMs,
    disconnectGrace: ({ context }) => context.timers.disconnectGraceMs,
  },
  guards: {
    /** The seed: version ≠ ours → Incompatible network protocols. */
    incompatibleVersion: ({ event }) =>
      event.type === 'wire.hello' && event.message.protocolVersion !== PROTOCOL_VERSION,
    /** Something was received less than pingInterval ago (the keep-alive timer fired early for it). */
    heardWithinInterval: ({ context }) => context.port.quietLeft(context.timers.pingIntervalMs) > 0,
    /** The seed: network id differs → Wrong genesis block. */
    wrongNetwork: ({ context, event }) =>
      event.type === 'wire.hello' && event.message.networkId !== context.local.networkId,
  },
  actions: {
    /**
     * Placeholder: the node provides the real one (actors/connectionActions.ts, which says why an action rather
     * than an invoked actor), which starts reading the transport, serves the port's commands, sends the machine
     * its `wire.*` and `transport.closed` events, and closes the port and the transport when this actor ends.
     */
    openConnection: () => {
      throw new Error('peerMachine: the connection must be provided');
    },
    sendHello: ({ context }) => command(context, sendHelloCommand(context.local)),
    sendPing: ({ context }) => command(context, SEND_PING),
    sendPong: ({ context }) => command(context, SEND_PONG),
    sendMessage: ({ context, event }) => {
      if (event.type !== 'peer.send') throw new Error(`sendMessage on ${event.type}`);
      command(context, { type: 'connection.send', message: event.message });
    },
    sendDisconnect: ({ context }) =>
      command(context, {
        type: 'connection.send',
        message: { command: 'Disconnect', reason: context.reason },
      }),
    closeConnection: ({ context }) => command(context, CLOSE),
    stopReading: ({ context }) => command(context, STOP_READING),
    setReason: assign((_, params: { reason: DisconnectReasonName }) => ({
      reason: DisconnectReason[params.reason],
      closedBy: 'local' as const,
    })),
    setRequestedReason: assign(({ event }) => {
      if (event.type !== 'peer.reject' && event.type !== 'peer.disconnect') return {};
      return { reason: DisconnectReason[event.reason], closedBy: 'local' as const };
    }),
    setBadProtocolFromWireError: assign(({ event }) => ({
      reason: DisconnectReason.BadProtocol,
      closedBy: 'local' as const,
      wireErrorCode: event.type === 'wire.error' ? event.error.code : undefined,
    })),
    recordRemoteDisconnect: assign(({ event }) => ({
      reason: event.type === 'wire.disconnect' ? event.message.reason : undefined,
      closedBy: 'remote' as const,
    })),
    recordTransportClosed: assign(({ context, event }) => ({
      closedBy: context.closedBy ?? (event.type === 'transport.closed' ? event.info.by : ('remote' as const)),
    })),
    recordLocalClose: assign(({ context }) => ({ closedBy: context.closedBy ?? ('local' as const) })),
    storeHello: assign(({ event }) => (event.type === 'wire.hello' ? { remoteHello: event.message } : {})),
    reportHello: sendParent(({ context, event }): PeerNotification => {
      if (event.type !== 'wire.hello') throw new Error(`reportHello on ${event.type}`);
      return { type: 'peer.helloReceived', connId: context.connId, hello: event.message };
    }),
    reportMessage: sendParent(({ context, event }): PeerNotification => ({
      type: 'peer.message',
      connId: context.connId,
      message: (event as WireMessageEvent).message as ForwardedMessage,
    })),
    // While idle, the messages that change nothing here are handled by the connection's port as this machine's
    // own transitions in `active` handle them (machines/connectionPort.ts): a Ping is answered with our Pong
    // (`sendPong`), a Pong ignored, and what is to be forwarded goes straight to our parent as `reportMessage`
    // would send it. An XState step per such message was a sixth of the simulator's CPU and two thirds of a
    // Ping → Pong (tools/bench, peer: XState's own floor per event is below the goal on this VM).
    openDirectPath: ({ context }) =>
      context.parent &&
      context.port.directPath({ parent: context.parent, connId: context.connId, pong: SEND_PONG }),
    closeDirectPath: ({ context }) => context.port.directPath(undefined),
  },
}).createMachine({
  id: 'peer',
  context: ({ input }) => ({
    connId: input.connId,
    direction: input.direction,
    remote: input.remote,
    connection: input.connection,
    local: input.local,
    timers: input.timers,
    maxFrameBytes: input.maxFrameBytes,
    port: connectionPort(input.connection),
    parent: input.parent,
    remoteHello: undefined,
    reason: undefined,
    closedBy: undefined,
    wireErrorCode: undefined,
  }),
  // The root's entry runs before `awaitingHello`'s, so the connection is open before our Hello is given to it.
  entry: 'openConnection',
  initial: 'awaitingHello',
  states: {
    awaitingHello: {
      // Both sides send Hello as soon as the connection opens.
      entry: 'sendHello',
      after: {
        helloTimeout: {
          target: 'disconnecting',
          actions: { type: 'setReason', params: { reason: 'UselessPeer' } },
        },
      },
      initial: 'waitingForHello',
      states: {
        waitingForHello: {
          on: {
            'wire.hello': [
              {
                guard: 'incompatibleVersion',
                target: '#peer.disconnecting',
                actions: { type: 'setReason', params: { reason: 'IncompatibleNetworkProtocols' } },
              },
              {
                guard: 'wrongNetwork',
                target: '#peer.disconnecting',
                actions: { type: 'setReason', params: { reason: 'WrongGenesisBlock' } },
              },
              { target: 'waitingForAdmission', actions: ['storeHello', 'reportHello'] },
            ],
            // Nothing but Hello or Disconnect may come before Hello.
            ...Object.fromEntries(
              ['wire.ping', 'wire.pong', ...FORWARDED_EVENT_TYPES].map((t) => [
                t,
                {
                  target: '#peer.disconnecting',
                  actions: { type: 'setReason', params: { reason: 'BadProtocol' } } as const,
                },
              ]),
            ),
          },
        },
        // A valid Hello came; the supervisor decides (max peers, duplicate id) before we are active.
        waitingForAdmission: {
          on: {
            'peer.admit': { target: '#peer.active' },
            'peer.reject': { target: '#peer.disconnecting', actions: 'setRequestedReason' },
            'wire.hello': {
              target: '#peer.disconnecting',
              actions: { type: 'setReason', params: { reason: 'BadProtocol' } },
            },
            'wire.ping': { actions: 'sendPong' },
            'wire.pong': {},
            ...Object.fromEntries(
              FORWARDED_EVENT_TYPES.map((t) => [t, { actions: 'reportMessage' as const }]),
            ),
          },
        },
      },
      on: {
        'wire.disconnect': { target: 'closed', actions: ['recordRemoteDisconnect', 'closeConnection'] },
        'wire.error': { target: 'disconnecting', actions: 'setBadProtocolFromWireError' },
        'peer.disconnect': { target: 'disconnecting', actions: 'setRequestedReason' },
        'transport.closed': { target: 'closed', actions: 'recordTransportClosed' },
      },
    },
    active: {
      initial: 'idle',
      states: {
        // Keep-alive (pyethereum): ping a peer silent for pingInterval … Receiving does not restart the
        // timer (the connection records each received chunk in the port): when it fires and something
        // came since it was armed, it is armed again for the rest, so the Ping still falls due exactly
        // pingInterval after the last thing received.
        idle: {
          entry: 'openDirectPath',
          exit: 'closeDirectPath',
          after: {
            pingInterval: [
              { guard: 'heardWithinInterval', target: 'idle', reenter: true },
              { target: 'pinging' },
            ],
          },
        },
        // … and drop it if nothing came pingTimeout later.
        pinging: {
          entry: 'sendPing',
          after: {
            pingTimeout: {
              target: '#peer.disconnecting',
              actions: { type: 'setReason', params: { reason: 'UselessPeer' } },
            },
          },
          // Anything received answers the keep-alive (entering idle starts its timer again).
          on: {
            'wire.ping': { target: 'idle', actions: 'sendPong' },
            'wire.pong': { target: 'idle' },
            ...Object.fromEntries(
              FORWARDED_EVENT_TYPES.map((t) => [t, { target: 'idle', actions: 'reportMessage' as const }]),
            ),
          },
        },
      },
      on: {
        // Received messages leave the keep-alive timer alone (idle above); cancelling and re-arming a
        // delayed event per message, later per chunk, cost more than the rest of a message's handling
        // (tools/bench, peer and sim).
        'wire.ping': { actions: 'sendPong' },
        'wire.pong': {},
        ...Object.fromEntries(FORWARDED_EVENT_TYPES.map((t) => [t, { actions: 'reportMessage' as const }])),
        'wire.hello': {
          target: 'disconnecting',
          actions: { type: 'setReason', params: { reason: 'BadProtocol' } },
        },
        'wire.disconnect': { target: 'closed', actions: ['recordRemoteDisconnect', 'closeConnection'] },
        'wire.error': { target: 'disconnecting', actions: 'setBadProtocolFromWireError' },
        'peer.send': { actions: 'sendMessage' },
        'peer.disconnect': { target: 'disconnecting', actions: 'setRequestedReason' },
        'transport.closed': { target: 'closed', actions: 'recordTransportClosed' },
      },
    },
    // We sent Disconnect: give the peer a fighting chance (2 s, without blocking anything), then close.
    // Nothing further is read from the peer.
    disconnecting: {
      entry: ['sendDisconnect', 'stopReading'],
      after: { disconnectGrace: { target: 'closed', actions: ['recordLocalClose', 'closeConnection'] } },
      on: { 'transport.closed': { target: 'closed' } },
    },
    closed: { type: 'final' },
  },
  // Reaching `closed` ends the actor, and XState hands this to the parent with its done event.
  output: ({ context }) => ({
    connId: context.connId,
    report: {
      reason: context.reason,
      by: context.closedBy ?? 'remote',
      wireErrorCode: context.wireErrorCode,
    },
  }),
});

export type PeerMachine = typeof peerMachine;
