import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { SnapshotFrom, StateValue } from 'xstate';
import { DEFAULT_PEER_TIMERS, peerMachine } from '../../../machines/peerMachine';
import type { PeerEvent } from '../../../machines/peerEvents';
import type { HelloMessage, Message } from '../../../wire';
import { DisconnectReason, WireError, WireErrorCode, encodeMessageFrame } from '../../../wire';
import { peerInput, startPeer } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';

/*
 * Paths generated from the machine itself (@xstate/graph): for every (state, event) edge the machine
 * has, the shortest path to its source state plus that event. Each path is then played on a live actor
 * over a scripted connection and a simulated clock; the state after every step must match the graph's,
 * and the bytes written must match what CONTRACT.md §3 says each step writes.
 */

type Snapshot = SnapshotFrom<typeof peerMachine>;
type GraphEvent = PeerEvent | { type: `xstate.after.${string}` } | { type: 'xstate.init' };

const hello = (over: Partial<HelloMessage> = {}): HelloMessage => ({
  command: 'Hello',
  protocolVersion: 8,
  networkId: 0,
  clientId: 'remote',
  capabilities: 7,
  listenPort: 30303,
  nodeId: new Uint8Array(64).fill(7),
  fieldOrder: 'capabilitiesFirst',
  ...over,
});
const hash = new Uint8Array(32).fill(1);
const wire = (message: Message) =>
  ({ type: `wire.${message.command[0]!.toLowerCase()}${message.command.slice(1)}`, message }) as PeerEvent;

const AFTER = {
  helloTimeout: 'xstate.after.helloTimeout.peer.awaitingHello',
  pingInterval: 'xstate.after.pingInterval.peer.active.idle',
  pingTimeout: 'xstate.after.pingTimeout.peer.active.pinging',
  disconnectGrace: 'xstate.after.disconnectGrace.peer.disconnecting',
} as const;
const DELAY_MS: Record<string, number> = {
  [AFTER.helloTimeout]: DEFAULT_PEER_TIMERS.helloTimeoutMs,
  [AFTER.pingInterval]: DEFAULT_PEER_TIMERS.pingIntervalMs,
  [AFTER.pingTimeout]: DEFAULT_PEER_TIMERS.pingTimeoutMs,
  [AFTER.disconnectGrace]: DEFAULT_PEER_TIMERS.disconnectGraceMs,
};

const EVENTS: GraphEvent[] = [
  wire(hello()),
  wire(hello({ protocolVersion: 7 })),
  wire(hello({ networkId: 9 })),
  wire({ command: 'Ping' }),
  wire({ command: 'Pong' }),
  wire({ command: 'GetPeers' }),
  wire({ command: 'Peers', peers: [{ ip: '10.0.0.1', port: 30303, nodeId: new Uint8Array(64).fill(3) }] }),
  wire({ command: 'Transactions', transactions: [] }),
  wire({ command: 'Blocks', blocks: [] }),
  wire({ command: 'GetChain', parents: [hash], count: 32 }),
  wire({ command: 'NotInChain', hash }),
  wire({ command: 'GetTransactions' }),
  wire({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting }),
  { type: 'wire.error', error: new WireError({ code: WireErrorCode.BadSyncToken, got: 0xdeadbeef }) },
  { type: 'peer.admit' },
  { type: 'peer.reject', reason: 'TooManyPeers' },
  { type: 'peer.send', message: { command: 'GetPeers' } },
  { type: 'peer.disconnect', reason: 'ClientQuitting' },
  { type: 'transport.closed', info: { by: 'remote', error: undefined } },
  ...Object.values(AFTER).map((type) => ({ type })),
];

const serializeState = (s: Snapshot) => JSON.stringify(s.value);
const serializeEvent = (e: GraphEvent) =>
  e.type === 'wire.hello'
    ? `wire.hello:${JSON.stringify({ v: e.message.protocolVersion, n: e.message.networkId })}`
    : e.type;
const traversal = {
  events: EVENTS as PeerEvent[],
  serializeState,
  serializeEvent: serializeEvent as (e: PeerEvent) => string,
  input: peerInput(new ScriptedConnection(), undefined),
};

const top = (v: StateValue) => (typeof v === 'string' ? v : Object.keys(v)[0]!);

/** What CONTRACT.md §3 says a step writes, given the states before and after it. */
function expectedWrites(before: StateValue, event: GraphEvent, after: StateValue): string[] {
  const out: string[] = [];
  const wasActiveOrAdmitting =
    top(before) === 'active' || JSON.stringify(before).includes('waitingForAdmission');
  if (event.type === 'wire.ping' && wasActiveOrAdmitting && top(after) !== 'disconnecting') out.push('Pong');
  if (event.type === 'peer.send' && top(before) === 'active') out.push('GetPeers');
  if (JSON.stringify(after) === '{"active":"pinging"}' && JSON.stringify(before) !== JSON.stringify(after)) {
    out.push('Ping');
  }
  if (top(after) === 'disconnecting' && top(before) !== 'disconnecting') out.push('Disconnect');
  return out;
}

function expectedReason(before: StateValue, event: GraphEvent): number {
  switch (event.type) {
    case 'wire.hello':
      // Only a first Hello is judged on its fields; a second one is Bad protocol whatever it says.
      if (JSON.stringify(before).includes('waitingForHello') === false) return DisconnectReason.BadProtocol;
      if (event.message.protocolVersion !== 8) return DisconnectReason.IncompatibleNetworkProtocols;
      if (event.message.networkId !== 0) return DisconnectReason.WrongGenesisBlock;
      return DisconnectReason.BadProtocol;
    case AFTER.helloTimeout:
    case AFTER.pingTimeout:
      return DisconnectReason.UselessPeer;
    case 'peer.reject':
    case 'peer.disconnect':
      return DisconnectReason[event.reason];
    default:
      return DisconnectReason.BadProtocol;
  }
}

// The pure traversal has no parent to report to and no transport; the reports and the connection are stubbed
// for it (the live replay keeps them).
const orphanMachine = peerMachine.provide({
  actions: { openConnection: () => undefined, reportHello: () => undefined, reportMessage: () => undefined },
});
const edges = adjacencyMapToArray(getAdjacencyMap(orphanMachine, traversal)).filter(
  (e) =>
    serializeState(e.state) !== serializeState(e.nextState) ||
    e.event.type === 'wire.ping' ||
    e.event.type === 'peer.send',
);
const shortest = getShortestPaths(orphanMachine, traversal);
const pathTo = new Map(shortest.map((p) => [serializeState(p.state), p]));

describe('peer machine paths generated from the machine', () => {
  it('reaches every state node of the machine', () => {
    const reached = new Set(shortest.map((p) => JSON.stringify(p.state.value)));
    for (const value of [
      '{"awaitingHello":"waitingForHello"}',
      '{"awaitingHello":"waitingForAdmission"}',
      '{"active":"idle"}',
      '{"active":"pinging"}',
      '"disconnecting"',
      '"closed"',
    ]) {
      expect(reached).toContain(value);
    }
  });

  it('covers every transition of the definition', () => {
    const defined = new Set<string>();
    const walk = (node: (typeof peerMachine)['root']): void => {
      for (const [eventType, transitions] of node.transitions) {
        if (transitions.some((t) => t.target?.length)) defined.add(`${node.id}:${eventType}`);
      }
      Object.values(node.states).forEach(walk);
    };
    walk(peerMachine.root);
    const exercised = new Set<string>();
    for (const e of edges) {
      for (const node of e.state._nodes) {
        if (node.transitions.has(e.event.type)) exercised.add(`${node.id}:${e.event.type}`);
      }
    }
    const missing = [...defined].filter((d) => !exercised.has(d));
    expect(missing).toEqual([]);
    expect(defined.size).toBeGreaterThan(20);
  });

  it.each(
    edges.map(
      (e) =>
        [
          `${serializeState(e.state)} --${serializeEvent(e.event)}--> ${serializeState(e.nextState)}`,
          e,
        ] as const,
    ),
  )('%s', (_, edge) => {
    const prefix = pathTo.get(serializeState(edge.state));
    expect(prefix).toBeDefined();
    const steps = [...prefix!.steps.map((s) => s.event as GraphEvent), edge.event as GraphEvent].filter(
      (e) => e.type !== 'xstate.init',
    );
    const conn = new ScriptedConnection();
    const h = startPeer({ connection: conn, admission: 'manual' });
    const expected = ['Hello'];
    const reasons: number[] = [];
    for (const event of steps) {
      const before = h.state();
      if (event.type.startsWith('xstate.after.')) h.advance(DELAY_MS[event.type]!);
      else if (event.type === 'wire.error')
        conn.deliver(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0]));
      else if (event.type === 'transport.closed') conn.remoteClose();
      else if (event.type.startsWith('wire.'))
        conn.deliver(encodeMessageFrame((event as { message: Message }).message));
      else h.send(event as PeerEvent);
      const after = h.state();
      const writes = expectedWrites(before, event, after);
      if (writes.includes('Disconnect')) reasons.push(expectedReason(before, event));
      expected.push(...writes);
    }
    expect(h.state()).toEqual(edge.nextState.value);
    expect(conn.writtenCommands()).toEqual(expected);
    const sentReasons = conn.writtenMessages().flatMap((m) => (m.command === 'Disconnect' ? [m.reason] : []));
    expect(sentReasons).toEqual(reasons);
    if (top(h.state()) === 'closed') expect(conn.isClosed).toBe(true);
  });
});
