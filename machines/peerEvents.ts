import type { CommandName, DisconnectReasonName, HelloMessage, Message, MessageOf, WireError } from '../wire';
import type { CloseInfo } from '../transport/connection';

/** `wire.hello`, `wire.getChain`, …: what the peer said, one event type per command. */
export type WireEventType<C extends CommandName = CommandName> = `wire.${Uncapitalize<C>}`;

export type WireMessageEvent = {
  [C in CommandName]: {
    readonly type: WireEventType<C>;
    readonly message: MessageOf<C>;
  };
}[CommandName];

const WIRE_EVENT_TYPES = new Map<CommandName, WireEventType>();

/** The event type that carries a decoded message of this command. */
export function wireEventType<C extends CommandName>(command: C): WireEventType<C> {
  let t = WIRE_EVENT_TYPES.get(command);
  if (t === undefined) {
    t = `wire.${command.charAt(0).toLowerCase()}${command.slice(1)}` as WireEventType;
    WIRE_EVENT_TYPES.set(command, t);
  }
  return t as WireEventType<C>;
}

/** Wraps a decoded message as the machine's event. */
export function wireEvent(message: Message): WireMessageEvent {
  return { type: wireEventType(message.command), message } as WireMessageEvent;
}

/** Events from the connection (actors/connectionActions.ts): decoded messages, a codec error, the end. */
export type ConnectionEvent =
  | WireMessageEvent
  | { readonly type: 'wire.error'; readonly error: WireError }
  | { readonly type: 'transport.closed'; readonly info: CloseInfo };

/** Commands from the supervisor. */
export type SupervisorCommand =
  | { readonly type: 'peer.admit' }
  | { readonly type: 'peer.reject'; readonly reason: DisconnectReasonName }
  | { readonly type: 'peer.send'; readonly message: Message }
  | { readonly type: 'peer.disconnect'; readonly reason: DisconnectReasonName };

/** Every event the peer machine accepts. */
export type PeerEvent = ConnectionEvent | SupervisorCommand;

/** Commands the peer machine gives its connection, through the port (machines/connectionPort.ts). */
export type ConnectionCommand =
  | { readonly type: 'connection.send'; readonly message: Message }
  /** Hand the transport's end to the actor: flush and close. */
  | { readonly type: 'connection.close' }
  /** Stop decoding what the peer sends (after we sent Disconnect nothing further is read). */
  | { readonly type: 'connection.stopReading' };

/** The events of messages that are not the connection's own business: they go up to the supervisor. */
export const FORWARDED_EVENT_TYPES = [
  'wire.getPeers',
  'wire.peers',
  'wire.transactions',
  'wire.blocks',
  'wire.getChain',
  'wire.notInChain',
  'wire.getTransactions',
] as const satisfies readonly WireEventType[];

/** Messages that are not the connection's own business: they go up to the supervisor. */
export type ForwardedMessage = MessageOf<
  'GetPeers' | 'Peers' | 'Transactions' | 'Blocks' | 'GetChain' | 'NotInChain' | 'GetTransactions'
>;

/** Who ended a connection and why, as the machine's output when it reaches `closed`. */
export interface PeerClosedReport {
  /** Disconnect reason code sent or received (undefined: the transport just closed). */
  readonly reason: number | undefined;
  /** `local`: we sent Disconnect or closed; `remote`: the peer sent Disconnect or closed first. */
  readonly by: 'local' | 'remote';
  /** The codec error that made us send Bad protocol, if any. */
  readonly wireErrorCode: WireError['code'] | undefined;
}

/** What a peer machine tells its parent (the supervisor) while it runs. */
export type PeerNotification =
  | { readonly type: 'peer.helloReceived'; readonly connId: number; readonly hello: HelloMessage }
  | { readonly type: 'peer.message'; readonly connId: number; readonly message: ForwardedMessage };

/** The actor id every peer machine runs under (the supervisor keys its peers by connection, not by id). */
export const PEER_ACTOR_ID = 'peer';

/** A peer machine's output: which connection ended, and how. */
export interface PeerOutput {
  readonly connId: number;
  readonly report: PeerClosedReport;
}

/**
 * What the parent hears when a peer machine reaches `closed`, its final state: XState's done event for the
 * actor id `peer`, carrying the machine's output. It is the one report of a closed peer: a separate
 * `sendParent` on entering `closed` was a second supervisor event per connection (tools/bench, handshake).
 */
export interface PeerClosed {
  readonly type: `xstate.done.actor.${typeof PEER_ACTOR_ID}`;
  readonly output: PeerOutput;
}
