import type { EndpointVerdict } from '../../../actors/classifyEndpoint';
import { classifyEndpoint, normaliseIpv4 } from '../../../actors/classifyEndpoint';
import { KnownPeers, MAX_PEERS_PER_ANSWER, dialBackoffMs } from '../../../actors/knownPeers';
import type { PeerEndpoint } from '../../../wire';
import { DisconnectReason, decodeMessage, encodeRlp, encodeUint } from '../../../wire';

/** A distinct 64-byte node id per number. */
function id(n: number): Uint8Array {
  const b = new Uint8Array(64).fill(0x11);
  new DataView(b.buffer).setUint32(60, n + 1);
  return b;
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const LOCAL = id(999_999);
const at = (ip: string, port: number, n: number): PeerEndpoint => ({ ip, port, nodeId: id(n) });
const registry = (extra: Partial<ConstructorParameters<typeof KnownPeers>[0]> = {}): KnownPeers =>
  new KnownPeers({ localNodeId: LOCAL, ...extra });

describe('classifyEndpoint', () => {
  const cases: Array<[string, number, Uint8Array, boolean, EndpointVerdict]> = [
    ['54.204.10.41', 30303, id(1), true, 'ok'],
    ['8.8.8.8', 1, id(1), false, 'ok'],
    ['172.32.0.1', 65535, id(1), false, 'ok'],
    ['0.0.0.0', 30303, id(1), true, 'unspecifiedIp'],
    ['0.1.2.3', 30303, id(1), true, 'unspecifiedIp'],
    ['255.255.255.255', 30303, id(1), true, 'reservedIp'],
    ['240.0.0.1', 30303, id(1), true, 'reservedIp'],
    ['224.0.0.1', 30303, id(1), true, 'multicastIp'],
    ['239.255.255.250', 30303, id(1), true, 'multicastIp'],
    ['1.2.3', 30303, id(1), true, 'badIp'],
    ['256.1.1.1', 30303, id(1), true, 'badIp'],
    ['::1', 30303, id(1), true, 'badIp'],
    ['1.2.3.4', 0, id(1), true, 'badPort'],
    ['1.2.3.4', 65536, id(1), true, 'badPort'],
    ['1.2.3.4', 30303, new Uint8Array(63).fill(1), true, 'badNodeId'],
    ['1.2.3.4', 30303, new Uint8Array(64), true, 'badNodeId'],
    ['1.2.3.4', 30303, LOCAL, true, 'ownNodeId'],
    ['127.0.0.1', 30303, id(1), true, 'ok'],
    ['127.0.0.1', 30303, id(1), false, 'privateIp'],
    ['10.1.2.3', 30303, id(1), false, 'privateIp'],
    ['172.16.0.1', 30303, id(1), false, 'privateIp'],
    ['172.31.255.255', 30303, id(1), false, 'privateIp'],
    ['192.168.1.1', 30303, id(1), false, 'privateIp'],
    ['169.254.0.1', 30303, id(1), false, 'privateIp'],
    ['100.64.0.1', 30303, id(1), false, 'privateIp'],
  ];
  it.each(cases)(
    'classifies %s:%d (allowPrivate %#) as the rules say',
    (ip, port, nodeId, allowPrivate, want) => {
      expect(classifyEndpoint({ ip, port, nodeId }, { localNodeId: LOCAL, allowPrivate })).toBe(want);
    },
  );

  it('reads the IPv4-mapped form a dual-stack socket reports, and nothing else of IPv6', () => {
    expect(normaliseIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIpv4('54.204.10.41')).toBe('54.204.10.41');
    expect(normaliseIpv4('fe80::1')).toBeUndefined();
  });
});

describe('KnownPeers learning from Peers', () => {
  it('learns the entries of a Peers packet as the 2014 clients encoded it (ip as four one-byte strings)', () => {
    // [0x11, [[ '6','\xcc','\n',')' ], port, id], …]: the cpp-ethereum/pyethereum layout of PROTOCOL.md.
    const octets = (ip: number[]): Uint8Array[] =>
      ip.map((o) => (o === 0 ? new Uint8Array(0) : Uint8Array.of(o)));
    const payload = encodeRlp([
      encodeUint(0x11),
      [octets([54, 204, 10, 41]), encodeUint(30303), id(1)],
      [octets([10, 0, 0, 7]), encodeUint(30304), id(2)],
      [octets([0, 0, 0, 0]), encodeUint(30303), id(3)],
      [octets([1, 2, 3, 4]), encodeUint(0), id(4)],
      [octets([1, 2, 3, 5]), encodeUint(30303), LOCAL],
    ]);
    const message = decodeMessage(payload);
    if (message.command !== 'Peers') throw new Error('not Peers');
    const peers = registry();
    expect(peers.learn(message.peers, 1000)).toEqual({ added: 2, refreshed: 0, rejected: 3, ignored: 0 });
    expect(peers.peersToShare().map((p) => `${p.ip}:${p.port}`)).toEqual([
      '54.204.10.41:30303',
      '10.0.0.7:30304',
    ]);
    expect(registry({ allowPrivate: false }).learn(message.peers, 1000).added).toBe(1);
  });

  it('answers GetPeers with at most 64 entries, the freshest first', () => {
    const peers = registry();
    for (let n = 0; n < 100; n++) peers.learn([at(`9.9.${n >> 8}.${n & 0xff}`, 30303, n)], n * 10);
    const answer = peers.peersToShare();
    expect(answer).toHaveLength(MAX_PEERS_PER_ANSWER);
    expect(answer[0]!.nodeId).toEqual(id(99));
    expect(answer[63]!.nodeId).toEqual(id(36));
    expect(peers.peersToShare(5)).toHaveLength(5);
  });

  it('refreshes an entry named again, and keeps one entry per address however many ids claim it', () => {
    const peers = registry();
    peers.learn([at('5.5.5.5', 30303, 1)], 100);
    const claims = Array.from({ length: 50 }, (_, n) => at('5.5.5.5', 30303, n + 2));
    expect(peers.learn([at('5.5.5.5', 30303, 1), ...claims], 200)).toEqual({
      added: 0,
      refreshed: 1,
      rejected: 50,
      ignored: 0,
    });
    expect(peers.size).toBe(1);
    expect(peers.get(hex(id(1)))?.lastSeenMs).toBe(200);
  });

  it('is not poisoned by a message of thousands of bogus entries: bounded, verified peers kept', () => {
    const peers = registry({ maxPeers: 100 });
    for (let n = 0; n < 10; n++) peers.peerConnected(`7.7.7.${n + 1}`, 30303, id(n), 0);
    const bogus: PeerEndpoint[] = [];
    for (let n = 0; n < 5000; n++) {
      const kind = n % 4;
      if (kind === 0) bogus.push({ ip: '0.0.0.0', port: 30303, nodeId: id(1000 + n) });
      else if (kind === 1) bogus.push({ ip: '6.6.6.6', port: 0, nodeId: id(1000 + n) });
      else if (kind === 2) bogus.push({ ip: '6.6.6.6', port: 30303, nodeId: new Uint8Array(3) });
      else
        bogus.push({
          ip: `6.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`,
          port: 1,
          nodeId: id(1000 + n),
        });
    }
    // The address of a verified peer, claimed for another id, is refused too.
    bogus.unshift(at('7.7.7.1', 30303, 5000));
    for (let round = 0; round < 20; round++) {
      const report = peers.learn(bogus, 1000 + round);
      expect(report.added).toBeLessThanOrEqual(64);
      expect(report.added + report.refreshed + report.rejected + report.ignored).toBe(bogus.length);
    }
    expect(peers.size).toBeLessThanOrEqual(100);
    for (let n = 0; n < 10; n++) expect(peers.get(hex(id(n)))?.ip).toBe(`7.7.7.${n + 1}`);
    expect(peers.get(hex(id(5000)))).toBeUndefined();
  });
});

describe('KnownPeers bound and eviction', () => {
  it('evicts the stalest hearsay entry when full', () => {
    const peers = registry({ maxPeers: 3 });
    peers.learn([at('1.0.0.1', 1, 1)], 10);
    peers.learn([at('1.0.0.2', 1, 2)], 5);
    peers.learn([at('1.0.0.3', 1, 3)], 20);
    peers.learn([at('1.0.0.4', 1, 4)], 30);
    expect(
      peers
        .all()
        .map((p) => p.ip)
        .sort(),
    ).toEqual(['1.0.0.1', '1.0.0.3', '1.0.0.4']);
  });

  it('never evicts a peer it talked to for hearsay, but does for another peer it talked to', () => {
    const peers = registry({ maxPeers: 2 });
    peers.peerConnected('1.0.0.1', 30303, id(1), 10);
    peers.peerConnected('1.0.0.2', 30303, id(2), 20);
    expect(peers.learn([at('1.0.0.3', 30303, 3)], 30).rejected).toBe(1);
    peers.peerConnected('1.0.0.3', 30303, id(3), 40);
    expect(
      peers
        .all()
        .map((p) => p.ip)
        .sort(),
    ).toEqual(['1.0.0.2', '1.0.0.3']);
  });
});

describe('KnownPeers sessions', () => {
  it('records a connected peer at its socket address and Hello listen port, and not one that does not listen', () => {
    const peers = registry();
    expect(peers.peerConnected('::ffff:127.0.0.1', 30305, id(1), 50)).toBe('ok');
    expect(peers.get(hex(id(1)))).toMatchObject({ ip: '127.0.0.1', port: 30305, lastConnectedMs: 50 });
    expect(peers.peerConnected('127.0.0.2', 0, id(2), 50)).toBe('badPort');
    expect(peers.peerConnected('fe80::2', 30303, id(3), 50)).toBe('badIp');
    expect(peers.size).toBe(1);
  });

  it('does not let gossip move a peer it talked to, but follows the peer itself to a new address', () => {
    const peers = registry();
    peers.peerConnected('2.2.2.2', 30303, id(1), 10);
    expect(peers.learn([at('6.6.6.6', 30303, 1)], 20).rejected).toBe(1);
    expect(peers.get(hex(id(1)))?.ip).toBe('2.2.2.2');
    peers.learn([at('3.3.3.3', 30303, 2)], 20);
    peers.peerConnected('3.3.3.3', 30303, id(1), 30);
    expect(peers.get(hex(id(1)))?.ip).toBe('3.3.3.3');
    expect(peers.get(hex(id(2)))).toBeUndefined();
    expect(peers.learn([at('2.2.2.2', 30303, 4)], 40).added).toBe(1);
  });

  it.each([
    ['Bad protocol', DisconnectReason.BadProtocol],
    ['Incompatible network protocols', DisconnectReason.IncompatibleNetworkProtocols],
    ['Wrong genesis block', DisconnectReason.WrongGenesisBlock],
  ])('forgets a peer that left with %s, and refuses gossip naming it for a while', (_name, reason) => {
    const peers = registry({ forgetForMs: 1000 });
    peers.peerConnected('4.4.4.4', 30303, id(1), 0);
    expect(peers.peerDisconnected(id(1), reason, 100)).toBe(true);
    expect(peers.size).toBe(0);
    expect(peers.learn([at('4.4.4.4', 30303, 1)], 1099).rejected).toBe(1);
    expect(peers.learn([at('4.4.4.4', 30303, 1)], 1100).added).toBe(1);
  });

  it('keeps a peer that left for another reason, backing off after a refusal', () => {
    const peers = registry({ dialBackoffBaseMs: 1000 });
    peers.peerConnected('4.4.4.4', 30303, id(1), 0);
    expect(peers.peerDisconnected(id(1), DisconnectReason.ClientQuitting, 500)).toBe(false);
    expect(peers.nextDialAt('4.4.4.4', 30303, 500)).toBe(1500);
    expect(peers.peerDisconnected(id(1), DisconnectReason.TooManyPeers, 2000)).toBe(false);
    expect(peers.get(hex(id(1)))?.failures).toBe(1);
    expect(peers.nextDialAt('4.4.4.4', 30303, 2000)).toBe(4000);
    peers.peerDisconnected(id(1), undefined, 5000);
    expect(peers.get(hex(id(1)))?.failures).toBe(0);
  });
});

describe('KnownPeers dialling', () => {
  it('backs off exponentially per address up to the cap, and drops the address after too many failures', () => {
    expect([0, 1, 2, 3, 10, 5000].map((f) => dialBackoffMs(f, 1000, 60_000))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000,
    ]);
    const peers = registry({ dialBackoffBaseMs: 1000, dialBackoffMaxMs: 5000, maxFailures: 5 });
    peers.learn([at('8.8.4.4', 30303, 1)], 0);
    expect(peers.nextDialAt('8.8.4.4', 30303, 0)).toBe(0);
    const waits: number[] = [];
    let now = 0;
    for (let f = 1; f <= 4; f++) {
      expect(peers.dialFailed('8.8.4.4', 30303, now)).toBe(false);
      waits.push(peers.nextDialAt('8.8.4.4', 30303, now) - now);
      now += 10_000;
    }
    expect(waits).toEqual([2000, 4000, 5000, 5000]);
    expect(peers.dialFailed('8.8.4.4', 30303, now)).toBe(true);
    expect(peers.size).toBe(0);
    expect(peers.nextDialAt('8.8.4.4', 30303, now)).toBe(now);
  });

  it('offers due peers not connected, those it talked to first, and not again before their backoff', () => {
    const peers = registry({ dialBackoffBaseMs: 1000 });
    peers.learn([at('1.1.1.1', 30303, 1), at('1.1.1.2', 30303, 2), at('1.1.1.3', 30303, 3)], 0);
    peers.peerConnected('1.1.1.4', 30303, id(4), 0);
    peers.peerDisconnected(id(4), DisconnectReason.ClientQuitting, 0);
    peers.dialFailed('1.1.1.3', 30303, 0);
    const first = peers.takeDialTargets(1000, [hex(id(2))], 10);
    expect(first.map((p) => p.ip)).toEqual(['1.1.1.4', '1.1.1.1']);
    expect(peers.takeDialTargets(1500, [hex(id(2))], 10)).toEqual([]);
    expect(
      peers
        .takeDialTargets(2000, [], 10)
        .map((p) => p.ip)
        .sort(),
    ).toEqual(['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4']);
    expect(peers.takeDialTargets(9000, [], 0)).toEqual([]);
  });

  it('does not share peers whose last dial failed', () => {
    const peers = registry();
    peers.learn([at('1.1.1.1', 30303, 1), at('1.1.1.2', 30303, 2)], 0);
    peers.dialFailed('1.1.1.1', 30303, 10);
    expect(peers.peersToShare().map((p) => p.ip)).toEqual(['1.1.1.2']);
  });
});
