import type { PeerEndpoint } from '../wire';
import { NODE_ID_BYTES } from '../wire';

/**
 * Why an address may not go into the known-peers registry, or `ok`. The rules are cpp-ethereum's for
 * Peers entries (drop own, port-0 and — optionally — private addresses) plus the addresses no node can
 * be reached at.
 */
export type EndpointVerdict =
  | 'ok'
  /** Not a dotted IPv4 quad (the protocol's Peers entries carry 4 bytes). */
  | 'badIp'
  /** 0.0.0.0/8, "this network": a node's listen address, never a place to dial. */
  | 'unspecifiedIp'
  /** 224.0.0.0/4. */
  | 'multicastIp'
  /** 240.0.0.0/4, which holds the broadcast address 255.255.255.255. */
  | 'reservedIp'
  /** Loopback, RFC 1918, link-local or shared (CGNAT) space, refused when `allowPrivate` is false. */
  | 'privateIp'
  /** Port 0 means "not listening" (cpp-ethereum skipped such entries); above 65535 is no port. */
  | 'badPort'
  /** Not 64 bytes, or all zero (cpp-ethereum counted a zero id as incompatible). */
  | 'badNodeId'
  | 'ownNodeId';

/** The four octets of a canonical dotted quad, or undefined. */
export function parseIpv4(ip: string): [number, number, number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const o = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
  return o.every((x) => x <= 255) ? o : undefined;
}

/**
 * The dotted quad a socket reports for an IPv4 peer: Node gives `::ffff:a.b.c.d` on a dual-stack
 * listener. Anything else (a real IPv6 address) cannot go into a Peers entry: undefined.
 */
export function normaliseIpv4(host: string): string | undefined {
  const bare = host.toLowerCase().startsWith('::ffff:') ? host.slice(7) : host;
  const o = parseIpv4(bare);
  return o ? o.join('.') : undefined;
}

/** Loopback, private (RFC 1918), link-local and shared address space. */
export function isPrivateIpv4(o: readonly [number, number, number, number]): boolean {
  const [a, b] = o;
  return (
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

export interface EndpointRules {
  /** Our own node id: an entry naming it is us. */
  readonly localNodeId: Uint8Array;
  readonly allowPrivate: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks one `[ip, port, nodeId]`; cheap, so a Peers message of thousands of bogus entries costs little. */
export function classifyEndpoint(endpoint: PeerEndpoint, rules: EndpointRules): EndpointVerdict {
  const { port, nodeId } = endpoint;
  if (!Number.isInteger(port) || port < 1 || port > 0xffff) return 'badPort';
  if (nodeId.length !== NODE_ID_BYTES || nodeId.every((b) => b === 0)) return 'badNodeId';
  if (sameBytes(nodeId, rules.localNodeId)) return 'ownNodeId';
  const o = parseIpv4(endpoint.ip);
  if (!o) return 'badIp';
  if (o[0] === 0) return 'unspecifiedIp';
  if (o[0] >= 224 && o[0] <= 239) return 'multicastIp';
  if (o[0] >= 240) return 'reservedIp';
  if (!rules.allowPrivate && isPrivateIpv4(o)) return 'privateIp';
  return 'ok';
}
