import { Command } from '../../wire';

/**
 * The command id of a field-less command's payload (Ping, Pong, GetPeers, ...), or -1 for any other payload.
 * A field-less command is the RLP list of its one-byte id, `c1 <id>`: the load generators recognise the
 * node's frames by it without decoding them.
 */
export function fieldlessCommand(payload: Uint8Array): number {
  return payload.length === 2 && payload[0] === 0xc1 ? payload[1]! : -1;
}

/** The node's GetPeers (`c1 10`): its first frame after admitting a peer. */
export function isGetPeers(payload: Uint8Array): boolean {
  return fieldlessCommand(payload) === Command.GetPeers;
}
