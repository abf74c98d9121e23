import type { Block, DisconnectReasonName, HelloMessage, Message, PeerEndpoint, Transaction } from '../wire';
import type { Connection } from '../transport/connection';
import type { ForwardedMessage, PeerClosed, PeerClosedReport, PeerNotification } from './peerEvents';
import type { PeerDirection } from './peerMachine';

/** A connection the listener accepted or the dialer opened, handed to the supervisor. */
export interface ConnectionOpened {
  readonly type: 'connection.opened';
  readonly connection: Connection;
  readonly direction: PeerDirection;
}

/** Routing commands from the chain manager and the known-peers actor. */
export type RouteCommand =
  | { readonly type: 'route.send'; readonly connId: number; readonly message: Message }
  /** One message to several peers (a relay): one event for the supervisor instead of one per peer. */
  | { readonly type: 'route.broadcast'; readonly connIds: readonly number[]; readonly message: Message }
  | { readonly type: 'route.disconnect'; readonly connId: number; readonly reason: DisconnectReasonName };

/** The known-peers actor wants an outbound connection; the dialer reports failures back. */
export type DialEvent =
  | { readonly type: 'dial.request'; readonly host: string; readonly port: number }
  | { readonly type: 'dial.failed'; readonly host: string; readonly port: number; readonly message: string };

/** Every event the supervisor accepts. */
export type SupervisorEvent =
  | PeerNotification
  | PeerClosed
  | ConnectionOpened
  | RouteCommand
  | DialEvent
  | { readonly type: 'node.stop' };

/**
 * The chain-manager mailbox (the seed's ChainProxy queue, as actor messages): what peers said that
 * concerns transactions and blocks, and which peers came and went.
 */
export type MailboxMessage =
  | {
      readonly type: 'mailbox.peerActive';
      readonly connId: number;
      readonly hello: HelloMessage;
      /**
       * Sends the new peer `messages`, in order, right behind the supervisor's GetPeers, as `route.send` would
       * send each: what the chain manager asks of a new peer (cpp-ethereum v0.3.11: GetChain, GetTransactions)
       * without a routing event, which was one of the supervisor's four XState steps a handshake (8.7 µs of one
       * in process, timed per actor event; BENCHMARKS.md 17.). Synchronous, while the supervisor delivers this.
       */
      readonly greet: (messages: readonly Message[]) => void;
    }
  | { readonly type: 'mailbox.peerGone'; readonly connId: number }
  | {
      readonly type: 'mailbox.transactions';
      readonly connId: number;
      readonly transactions: readonly Transaction[];
    }
  | { readonly type: 'mailbox.blocks'; readonly connId: number; readonly blocks: readonly Block[] }
  | {
      readonly type: 'mailbox.getChain';
      readonly connId: number;
      readonly parents: readonly Uint8Array[];
      readonly count: number;
    }
  | { readonly type: 'mailbox.notInChain'; readonly connId: number; readonly hash: Uint8Array }
  | { readonly type: 'mailbox.getTransactions'; readonly connId: number };

/**
 * The mailbox message a peer's message becomes, or undefined when it is not the chain manager's (GetPeers,
 * Peers go to the known-peers actor). One mapping for both ways a message reaches the chain manager: the
 * supervisor's `peer.message` step and the connection port's direct path (machines/connectionPort.ts).
 */
export function mailboxMessageOf(connId: number, message: ForwardedMessage): MailboxMessage | undefined {
  switch (message.command) {
    case 'Transactions':
      return { type: 'mailbox.transactions', connId, transactions: message.transactions };
    case 'Blocks':
      return { type: 'mailbox.blocks', connId, blocks: message.blocks };
    case 'GetChain':
      return { type: 'mailbox.getChain', connId, parents: message.parents, count: message.count };
    case 'NotInChain':
      return { type: 'mailbox.notInChain', connId, hash: message.hash };
    case 'GetTransactions':
      return { type: 'mailbox.getTransactions', connId };
    case 'GetPeers':
    case 'Peers':
      return undefined;
  }
}

/** What the known-peers actor hears: addresses learned, peers asked for, connections made and lost. */
export type RegistryMessage =
  | {
      readonly type: 'registry.peerActive';
      readonly connId: number;
      readonly remoteHost: string;
      readonly direction: PeerDirection;
      readonly hello: HelloMessage;
      /** The Hello's node id in hex, as admission keyed it (computed once a connection, not per reader). */
      readonly nodeIdHex: string | undefined;
    }
  | {
      readonly type: 'registry.peerGone';
      readonly connId: number;
      readonly remoteHost: string;
      readonly hello: HelloMessage | undefined;
      /** The node id it was admitted under, in hex (undefined if it was not admitted or sent none). */
      readonly nodeIdHex: string | undefined;
      readonly report: PeerClosedReport;
    }
  | { readonly type: 'registry.peers'; readonly connId: number; readonly peers: readonly PeerEndpoint[] }
  | { readonly type: 'registry.getPeers'; readonly connId: number }
  | {
      readonly type: 'registry.dialTick';
      readonly activeNodeIds: readonly string[];
      readonly peerCount: number;
    }
  | { readonly type: 'registry.dialFailed'; readonly host: string; readonly port: number };

/** What the dialer actor is asked to do. */
export type DialerCommand = { readonly type: 'dialer.dial'; readonly host: string; readonly port: number };
