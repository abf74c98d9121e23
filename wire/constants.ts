/** The 4-byte synchronisation token that starts every frame (PROTOCOL.md "Frame"). */
export const SYNC_TOKEN = 0x22400891;
/** Sync token (4 bytes) + payload size (4 bytes, big-endian). */
export const FRAME_HEADER_BYTES = 8;
/** Default bound on one frame's payload; larger sizes are refused from the header alone. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Protocol version of cpp-ethereum v0.3.11, the client whose Hello the seed quotes. */
export const PROTOCOL_VERSION = 0x08;
/** Capabilities we announce: peer discovery | transaction relaying | block-chain querying. */
export const CAPABILITIES_ALL = 0x07;
/** The node id is the 64-byte uncompressed secp256k1 public key (without the 0x04 prefix). */
export const NODE_ID_BYTES = 64;
/** Hashes (blocks, parents in GetChain) are Keccak-256. */
export const HASH_BYTES = 32;
/** An address is the last 20 bytes of the Keccak-256 of a public key. */
export const ADDRESS_BYTES = 20;

/** Command ids, as in the seed's `cmd_map`. */
export const Command = {
  Hello: 0x00,
  Disconnect: 0x01,
  Ping: 0x02,
  Pong: 0x03,
  GetPeers: 0x10,
  Peers: 0x11,
  Transactions: 0x12,
  Blocks: 0x13,
  GetChain: 0x14,
  NotInChain: 0x15,
  GetTransactions: 0x16,
} as const;

export type CommandName = keyof typeof Command;
export type CommandId = (typeof Command)[CommandName];

const NAMES_BY_ID = new Map<number, CommandName>(
  (Object.keys(Command) as CommandName[]).map((name) => [Command[name], name]),
);

/** The command's name for an id, or undefined for an id the protocol does not define. */
export function commandName(id: number): CommandName | undefined {
  return NAMES_BY_ID.get(id);
}

export const COMMAND_NAMES: readonly CommandName[] = Object.keys(Command) as CommandName[];
