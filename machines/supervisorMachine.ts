import { createActor, enqueueActions, fromCallback, setup } from 'xstate';
import { toHex } from '../chain/blockHash';
import type { ActorRefFrom, AnyActorRef, AnyStateMachine, StateValue } from 'xstate';
import type { DisconnectReasonName, HelloMessage, Message } from '../wire';
import type { PeerEvent } from './peerEvents';
import { PEER_ACTOR_ID } from './peerEvents';
import type { LocalIdentity, PeerTimers } from './peerMachine';
import { peerMachine } from './peerMachine';
import type { MailboxTarget } from './connectionPort';
import { connectionPort } from './connectionPort';
import type { PeerEntry as TableEntry } from './peerTable';
import { PeerTable } from './peerTable';
import type { DialerCommand, MailboxMessage, RegistryMessage, SupervisorEvent } from './supervisorEvents';
import { mailboxMessageOf } from './supervisorEvents';

export interface SupervisorInput {
  readonly local: LocalIdentity;
  readonly timers: PeerTimers;
  readonly maxFrameBytes: number;
  /** Admitted peers at most (`--max-peers`); one more gets `Too many peers`. */
  readonly maxPeers: number;
  /**
   * Connections still in their handshake at most (geth used 50); a new one past it closes the oldest
   * handshake (maxPendingHandshakes 0: every connection is closed at once).
   */
  readonly maxPendingHandshakes: number;
  /** Whether to ask the known-peers actor for dial targets (`--no-dial` turns it off). */
  readonly dial: boolean;
  readonly dialIntervalMs: number;
}

export type PeerActorRef = ActorRefFrom<typeof peerMachine>;

/** The supervisor's record of one connection. */
export type PeerEntry = TableEntry<PeerActorRef>;

export interface SupervisorContext extends SupervisorInput {
  readonly localNodeIdHex: string;
  /** This actor's connections, changed in place by its actions (machines/peerTable.ts). */
  readonly table: PeerTable<PeerActorRef>;
}

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);
const GET_PEERS: Message = { command: 'GetPeers' };

/**
 * Routes a message to an admitted peer by writing it through its connection port
 * (machines/connectionPort.ts), as the machine's own send actions do, not as a `peer.send` XState event
 * (three of which followed every handshake: GetPeers, GetChain, GetTransactions; tools/bench, handshake).
 * The machine's rule is kept: only a peer in `active` gets what is routed. One admitted but not yet active
 * (its `peer.admit` still queued) has it kept in its outbox until it enters `active`; one in its handshake,
 * told to disconnect, disconnecting or closed gets nothing.
 */
function routeMessage(entry: PeerEntry, message: Message): void {
  if (!entry.admitted || entry.disconnecting) return;
  if (entry.outbox !== undefined) entry.outbox.push(message);
  else if (isActive(entry.ref.getSnapshot().value)) {
    connectionPort(entry.connection).command({ type: 'connection.send', message });
  }
}

const isActive = (value: StateValue): boolean => typeof value === 'object' && 'active' in value;

/**
 * Starts the outbox of a peer just admitted: written when its machine enters `active`, dropped if it
 * leaves its handshake any other way. Subscribed to after the node's own observers (the peer-state
 * tracker follows each peer from its first state), so a trace records `active` before these frames, as
 * when they were `peer.send` events queued behind `peer.admit`.
 */
function openOutbox(entry: PeerEntry, first: Message, mailbox: MailboxTarget | undefined): void {
  const outbox: Message[] = [first];
  entry.outbox = outbox;
  const subscription = entry.ref.subscribe({
    next: ({ value }) => {
      if (typeof value === 'object' && 'awaitingHello' in value) return;
      subscription.unsubscribe();
      entry.outbox = undefined;
      if (!isActive(value) || entry.disconnecting) return;
      const port = connectionPort(entry.connection);
      // Active and admitted: its chain-bound messages may skip our `peer.message` step from now on, until
      // we tell it to disconnect or forget it (PeerTable's `disconnect` and `remove` close the path).
      port.deliverTo(mailbox);
      for (const message of outbox) port.command({ type: 'connection.send', message });
    },
    error: () => undefined,
  });
}

/** The invoked chain-manager actor (id `chainManager`), whose mailbox active peers' messages may go to directly. */
function chainManagerOf(self: AnyActorRef): MailboxTarget | undefined {
  const { children } = self.getSnapshot() as { children?: Record<string, AnyActorRef | undefined> };
  return children?.chainManager;
}

/**
 * The peer logic this supervisor runs with (`provide({ actors: { peer } })`), found as XState's `spawn`
 * finds it: in the implementations of the machine the actor was created from.
 */
function peerLogicOf(self: AnyActorRef): typeof peerMachine {
  const src = self.src;
  const provided =
    typeof src === 'string' ? undefined : (src as AnyStateMachine).implementations?.actors.peer;
  return (provided ?? peerMachine) as typeof peerMachine;
}

/**
 * Decides admission for a valid Hello, in one transition so that two connections with the same node id
 * cannot both get in (CONTRACT.md §3: our own id or one already connected → Already connected; no room →
 * Too many peers; cpp-ethereum treated an all-zero id as incompatible). `nodeIdHex` is the Hello's node id
 * in hex, the id the peer is recorded under.
 */
function admissionOf(
  context: SupervisorContext,
  hello: HelloMessage,
  nodeIdHex: string | undefined,
): DisconnectReasonName | undefined {
  if (hello.nodeId !== undefined && nodeIdHex !== undefined) {
    if (isZero(hello.nodeId)) return 'IncompatibleNetworkProtocols';
    if (nodeIdHex === context.localNodeIdHex || context.table.nodeIds.has(nodeIdHex))
      return 'AlreadyConnected';
  }
  if (context.table.admitted >= context.maxPeers) return 'TooManyPeers';
  return undefined;
}

/**
 * The node's root actor: starts one peer machine per connection, owns admission, the chain-manager
 * mailbox and the known-peers registry (both actors it is given), and routes what they want sent.
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent,
    input: {} as SupervisorInput,
  },
  actors: {
    peer: peerMachine,
    /** Placeholders: the node provides the real ones (actors/). */
    chainManager: fromCallback<MailboxMessage, undefined, SupervisorEvent>(() => undefined),
    knownPeers: fromCallback<RegistryMessage, undefined, SupervisorEvent>(() => undefined),
    dialer: fromCallback<DialerCommand, undefined, SupervisorEvent>(() => undefined),
  },
  delays: {
    dialInterval: ({ context }) => context.dialIntervalMs,
  },
  guards: {
    noPeersLeft: ({ context }) => context.table.peers.size === 0,
    dialing: ({ context }) => context.dial,
  },
  actions: {
    /**
     * The peer actor is made here rather than by `spawn` in an `assign`: XState copies the children record
     * on every spawn and every stop (O(n) per connection), and a peer reaches its final state `closed` and
     * stops itself (its done event is how we hear of it). Its parent is still this actor (it reports with `sendParent`, and
     * shares the system and clock); only the record of it is ours (`table`).
     */
    acceptConnection: ({ context, event, self }) => {
      if (event.type !== 'connection.opened') return;
      const { table } = context;
      const { connection, direction } = event;
      if (table.pending >= context.maxPendingHandshakes) {
        // Bounded like geth's pending handshakes. When the bound is reached the oldest handshake is closed
        // to make room, rather than the newcomer: a real peer sends Hello at once, so only a peer that holds
        // its slot without finishing its Hello (slowloris) loses it, and 50 of them cannot lock the node out.
        // Our own dials are not cut for an inbound newcomer.
        const evict = table.oldestPendingInbound();
        if (!evict) {
          connection.abort();
          return;
        }
        // Cut at once (a slowloris will not close on Disconnect); its machine records Useless peer, the
        // verdict the hello timeout would have given, and leaves awaitingHello now, before the newcomer
        // starts.
        evict.connection.abort();
        table.evict(evict.connId);
        evict.ref.send({ type: 'peer.disconnect', reason: 'UselessPeer' } satisfies PeerEvent);
      }
      const remote = `${connection.remoteAddress}:${connection.remotePort}`;
      const logic = peerLogicOf(self);
      const { ref } = table.add(
        { direction, remote, remoteHost: connection.remoteAddress, connection },
        (id) =>
          createActor(logic, {
            // One id for every peer (the table keys them by connection): a peer reaching its final state sends
            // its parent `xstate.done.actor.<id>`, and XState memoizes transition candidates per event type
            // forever, so an id per connection kept ~250 B per connection ever made (RELIABILITY.md).
            id: PEER_ACTOR_ID,
            parent: self,
            input: {
              connId: id,
              direction,
              remote,
              connection,
              local: context.local,
              timers: context.timers,
              maxFrameBytes: context.maxFrameBytes,
              parent: self,
            },
          }),
      );
      ref.start();
    },
    refuseConnection: ({ event }) => {
      if (event.type === 'connection.opened') event.connection.abort();
    },
    decideAdmission: enqueueActions(({ context, event, enqueue, self }) => {
      if (event.type !== 'peer.helloReceived') return;
      const entry = context.table.peers.get(event.connId);
      if (!entry) return;
      const nodeIdHex = event.hello.nodeId && toHex(event.hello.nodeId);
      const refusal = admissionOf(context, event.hello, nodeIdHex);
      if (refusal) {
        enqueue.sendTo(entry.ref, { type: 'peer.reject', reason: refusal } satisfies PeerEvent);
        return;
      }
      const { connId, hello } = event;
      enqueue(() => context.table.admit(connId, hello, nodeIdHex));
      enqueue.sendTo(entry.ref, { type: 'peer.admit' } satisfies PeerEvent);
      // On a new active peer ask it for peers; the chain manager asks for transactions and the chain.
      enqueue(() => openOutbox(entry, GET_PEERS, chainManagerOf(self)));
      enqueue.sendTo('chainManager', {
        type: 'mailbox.peerActive',
        connId: event.connId,
        hello: event.hello,
        greet: (messages) => {
          for (const message of messages) routeMessage(entry, message);
        },
      } satisfies MailboxMessage);
      enqueue.sendTo('knownPeers', {
        type: 'registry.peerActive',
        connId: event.connId,
        remoteHost: entry.remoteHost,
        direction: entry.direction,
        hello: event.hello,
        nodeIdHex,
      } satisfies RegistryMessage);
    }),
    forwardPeerMessage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'peer.message') return;
      const { connId, message } = event;
      if (!context.table.peers.has(connId)) return;
      switch (message.command) {
        case 'GetPeers':
          enqueue.sendTo('knownPeers', { type: 'registry.getPeers', connId } satisfies RegistryMessage);
          return;
        case 'Peers':
          enqueue.sendTo('knownPeers', {
            type: 'registry.peers',
            connId,
            peers: message.peers,
          } satisfies RegistryMessage);
          return;
        default: {
          // The chain-bound ones (Transactions, Blocks, GetChain, NotInChain, GetTransactions).
          const mailboxMessage = mailboxMessageOf(connId, message);
          if (mailboxMessage !== undefined) enqueue.sendTo('chainManager', mailboxMessage);
        }
      }
    }),
    forgetPeer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'xstate.done.actor.peer') return;
      const { connId, report } = event.output;
      const entry = context.table.peers.get(connId);
      if (!entry) return;
      // The peer reached its final state `closed` and has stopped itself; its output says how it ended.
      enqueue(() => context.table.remove(connId));
      if (entry.admitted) {
        enqueue.sendTo('chainManager', {
          type: 'mailbox.peerGone',
          connId,
        } satisfies MailboxMessage);
      }
      enqueue.sendTo('knownPeers', {
        type: 'registry.peerGone',
        connId,
        remoteHost: entry.remoteHost,
        hello: entry.hello,
        nodeIdHex: entry.nodeIdHex,
        report,
      } satisfies RegistryMessage);
    }),
    route: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'route.send' && event.type !== 'route.disconnect') return;
      const entry = context.table.peers.get(event.connId);
      if (!entry?.admitted) return;
      if (event.type === 'route.send') {
        enqueue(() => routeMessage(entry, event.message));
        return;
      }
      enqueue(() => context.table.disconnect(entry.connId));
      enqueue.sendTo(entry.ref, { type: 'peer.disconnect', reason: event.reason } satisfies PeerEvent);
    }),
    broadcast: ({ context, event }) => {
      if (event.type !== 'route.broadcast') return;
      // One message object for every peer: its frame is encoded once (actors/connectionActions.ts).
      for (const connId of event.connIds) {
        const entry = context.table.peers.get(connId);
        if (entry !== undefined) routeMessage(entry, event.message);
      }
    },
    requestDial: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'dial.request') return;
      enqueue.sendTo('dialer', {
        type: 'dialer.dial',
        host: event.host,
        port: event.port,
      } satisfies DialerCommand);
    }),
    reportDialFailure: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'dial.failed') return;
      enqueue.sendTo('knownPeers', {
        type: 'registry.dialFailed',
        host: event.host,
        port: event.port,
      } satisfies RegistryMessage);
    }),
    sendDialTick: enqueueActions(({ context, enqueue }) => {
      if (!context.dial) return;
      enqueue.sendTo('knownPeers', {
        type: 'registry.dialTick',
        activeNodeIds: [...context.table.nodeIds.keys()],
        peerCount: context.table.peers.size,
      } satisfies RegistryMessage);
    }),
    disconnectAll: enqueueActions(({ context, enqueue }) => {
      for (const p of context.table.peers.values()) {
        enqueue(() => context.table.disconnect(p.connId));
        enqueue.sendTo(p.ref, { type: 'peer.disconnect', reason: 'ClientQuitting' } satisfies PeerEvent);
      }
    }),
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({
    ...input,
    localNodeIdHex: toHex(input.local.nodeId),
    table: new PeerTable<PeerActorRef>(),
  }),
  invoke: [
    { id: 'chainManager', src: 'chainManager' },
    { id: 'knownPeers', src: 'knownPeers' },
    { id: 'dialer', src: 'dialer' },
  ],
  on: {
    'peer.helloReceived': { actions: 'decideAdmission' },
    'peer.message': { actions: 'forwardPeerMessage' },
    'xstate.done.actor.peer': { actions: 'forgetPeer' },
    'route.send': { actions: 'route' },
    'route.broadcast': { actions: 'broadcast' },
    'route.disconnect': { actions: 'route' },
    'dial.failed': { actions: 'reportDialFailure' },
  },
  initial: 'running',
  states: {
    running: {
      // Dial at once on start (bootnodes), then on every interval.
      entry: 'sendDialTick',
      after: {
        dialInterval: { guard: 'dialing', target: 'running', reenter: true },
      },
      on: {
        'connection.opened': { actions: 'acceptConnection' },
        'dial.request': { actions: 'requestDial' },
        'node.stop': { target: 'stopping' },
      },
    },
    // Every peer gets Disconnect(Client quitting) and its grace; new connections are refused.
    stopping: {
      entry: 'disconnectAll',
      always: { guard: 'noPeersLeft', target: 'stopped' },
      on: { 'connection.opened': { actions: 'refuseConnection' } },
    },
    stopped: { type: 'final' },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
