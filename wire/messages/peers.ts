import { Command } from '../constants';
import { malformed } from '../errors';
import { decodeUintLenient, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes, expectList } from '../rlpItem';
import type { PeerEndpoint, PeersMessage } from './types';

const NAME = 'Peers';
/** One-byte strings for each octet, shared: the 2014 clients sent an ip as a list of four of them. */
const OCTETS = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));

/** The four octets of a dotted quad, read char by char (split/map/Number cost more than the rest of an entry). */
function ipToOctets(ip: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 0x2e; // a final '.' closes the last octet
    if (c >= 0x30 && c <= 0x39 && digits < 3) {
      value = value * 10 + (c - 0x30);
      digits++;
    } else if (c === 0x2e && digits > 0 && value <= 255 && out.length < 4) {
      out.push(OCTETS[value]!);
      value = 0;
      digits = 0;
    } else {
      throw new RangeError(`not an IPv4 address: ${ip}`);
    }
  }
  if (out.length !== 4) throw new RangeError(`not an IPv4 address: ${ip}`);
  return out;
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
  return `${octet(octets[0])}.${octet(octets[1])}.${octet(octets[2])}.${octet(octets[3])}`;
}

function octet(item: RlpItem | undefined): number {
  const b = expectBytes(item, NAME, 'ip octet');
  if (b.length > 1) throw malformed(NAME, 'ip octet must be at most one byte');
  return b.length === 0 ? 0 : b[0]!;
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
