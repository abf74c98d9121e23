import type { CommandName } from '../constants';

/**
 * Which of the two real Hello layouts a packet used. `capabilitiesFirst` is the seed's docstring and
 * cpp-ethereum v0.3.11 (and what we send); `portFirst` is pyethereum 0.0.1 (LISTEN_PORT before CAPABILITIES).
 */
export type HelloFieldOrder = 'capabilitiesFirst' | 'portFirst';

export interface HelloMessage {
  readonly command: 'Hello';
  readonly protocolVersion: number;
  readonly networkId: number;
  readonly clientId: string;
  readonly capabilities: number;
  /** 0 = not listening. */
  readonly listenPort: number;
  /** 64 bytes; optional on the wire (pyethereum 0.0.1 sent none). */
  readonly nodeId: Uint8Array | undefined;
  readonly fieldOrder: HelloFieldOrder;
}

export interface DisconnectMessage {
  readonly command: 'Disconnect';
  /** A code of `DisconnectReason`, or an unknown code as received, or none. */
  readonly reason: number | undefined;
}

export interface PingMessage {
  readonly command: 'Ping';
}
export interface PongMessage {
  readonly command: 'Pong';
}
export interface GetPeersMessage {
  readonly command: 'GetPeers';
}
export interface GetTransactionsMessage {
  readonly command: 'GetTransactions';
}

/** One entry of Peers: `[IP, PORT, NODE_ID]`. */
export interface PeerEndpoint {
  /** Dotted quad, e.g. `54.204.10.41`. */
  readonly ip: string;
  readonly port: number;
  readonly nodeId: Uint8Array;
}

export interface PeersMessage {
  readonly command: 'Peers';
  readonly peers: readonly PeerEndpoint[];
}

/** `[nonce, to, value, [data…], v, r, s]` (PROTOCOL.md "Transaction"). */
export interface Transaction {
  readonly nonce: bigint;
  /** 20 bytes; all zero = contract creation. */
  readonly to: Uint8Array;
  readonly value: bigint;
  readonly data: readonly bigint[];
  readonly v: bigint;
  readonly r: bigint;
  readonly s: bigint;
}

export interface TransactionsMessage {
  readonly command: 'Transactions';
  readonly transactions: readonly Transaction[];
}

/** `[parentHash, sha3Uncles, coinbase, stateRoot, sha3Transactions, difficulty, timestamp, extraData, nonce]`. */
export interface BlockHeader {
  readonly parentHash: Uint8Array;
  readonly sha3Uncles: Uint8Array;
  readonly coinbase: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly sha3Transactions: Uint8Array;
  readonly difficulty: bigint;
  readonly timestamp: bigint;
  readonly extraData: Uint8Array;
  readonly nonce: Uint8Array;
}

/** `[header, transactions, uncles]`. */
export interface Block {
  readonly header: BlockHeader;
  readonly transactions: readonly Transaction[];
  readonly uncles: readonly BlockHeader[];
}

export interface BlocksMessage {
  readonly command: 'Blocks';
  /** Newest first, as the 2014 clients sent them. */
  readonly blocks: readonly Block[];
}

export interface GetChainMessage {
  readonly command: 'GetChain';
  /** Hashes, newest first; the peer answers from the first one it knows. */
  readonly parents: readonly Uint8Array[];
  readonly count: number;
}

export interface NotInChainMessage {
  readonly command: 'NotInChain';
  readonly hash: Uint8Array;
}

/** Every message of the protocol, discriminated on `command`. */
export type Message =
  | HelloMessage
  | DisconnectMessage
  | PingMessage
  | PongMessage
  | GetPeersMessage
  | PeersMessage
  | TransactionsMessage
  | BlocksMessage
  | GetChainMessage
  | NotInChainMessage
  | GetTransactionsMessage;

/** The message type for a given command name. */
export type MessageOf<C extends CommandName> = Extract<Message, { command: C }>;
