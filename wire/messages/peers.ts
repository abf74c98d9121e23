import { Command } from '../constants';
import { malformed } from '../errors';
import { decodeUintLenient, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes, expectList } from '../rlpItem';
import type { PeerEndpoint, PeersMessage } from './types';

const NAME = 'Peers';
/** One-byte strings for each octet, shared: the 2014 clients sent an ip as a list of four of them. */
const OCTETS = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));

function ipToOctets(ip: string): Uint8Array[] {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new RangeError(`not an IPv4 address: ${ip}`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 255 || p === '')
      throw new RangeError(`not an IPv4 address: ${ip}`);
    return OCTETS[n]!;
  });
}

/**
 * The ip arrives either as the list of four one-byte strings the 2014 clients sent (some wrote a zero
 * octet as the empty string) or as one 4-byte string.
 */
function decodeIp(item: RlpItem | undefined): string {
  if (item instanceof Uint8Array) {
    if (item.length !== 4) throw malformed(NAME, `ip must be 4 bytes, got ${item.length}`);
    return `${item[0]}.${item[1]}.${item[2]}.${item[3]}`;
  }
  const octets = expectList(item, NAME, 'ip');
  if (octets.length !== 4) throw malformed(NAME, `ip must have 4 octets, got ${octets.length}`);
  return octets
    .map((o) => {
      const b = expectBytes(o, NAME, 'ip octet');
      if (b.length > 1) throw malformed(NAME, 'ip octet must be at most one byte');
      return b.length === 0 ? 0 : b[0]!;
    })
    .join('.');
}

export function encodePeers(m: PeersMessage): RlpItem[] {
  const out: RlpItem[] = [encodeUint(Command.Peers)];
  for (const p of m.peers) out.push([ipToOctets(p.ip), encodeUint(p.port), p.nodeId]);
  return out;
}

/** `[IP, PORT, NODE_ID] …`; the registry, not the codec, decides which entries are worth keeping. */
export function decodePeers(fields: RlpItem[]): PeersMessage {
  const peers: PeerEndpoint[] = fields.map((entry) => {
    const e = expectList(entry, NAME, 'peer entry');
    if (e.length !== 3) throw malformed(NAME, `peer entry must have 3 fields, got ${e.length}`);
    const port = decodeUintLenient(expectBytes(e[1], NAME, 'port'), NAME, 'port', 4);
    if (port > 0xffff) throw malformed(NAME, `port ${port} is out of range`);
    return { ip: decodeIp(e[0]), port, nodeId: expectBytes(e[2], NAME, 'node id') };
  });
  return { command: 'Peers', peers };
}
