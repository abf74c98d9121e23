import { fromCallback } from 'xstate';
import type { Logger } from 'pino';
import type { DisconnectReasonName, PeerEndpoint } from '../wire';
import { disconnectReasonName } from '../wire';
import type { RegistryMessage, SupervisorEvent } from '../machines/supervisorEvents';

/** What the known-peers actor needs of the registry (actors/knownPeers.ts). */
export interface RegistryPort {
  /** Validates and remembers addresses from a Peers message; returns how many were kept. */
  learn(peers: readonly PeerEndpoint[], now: number): number;
  /** The answer to GetPeers: a bounded list, freshest first. */
  answer(): PeerEndpoint[];
  /** A peer completed its handshake (its listening address is worth sharing). */
  connected(endpoint: PeerEndpoint, now: number): void;
  /** A peer left; the registry forgets peers that left with a reason that marks them bad. */
  disconnected(endpoint: PeerEndpoint, reason: DisconnectReasonName | undefined, now: number): void;
  /** Addresses worth dialling now (backoff respected), excluding the given node ids. */
  dialCandidates(
    now: number,
    excludeNodeIds: ReadonlySet<string>,
    max: number,
  ): Array<{ host: string; port: number }>;
  /** A dial to this address failed (backoff grows). */
  dialFailed(host: string, port: number, now: number): void;
  readonly size: number;
}

export interface KnownPeersActorOptions {
  readonly registry: RegistryPort;
  readonly now: () => number;
  /** Outbound connections we try to keep. */
  readonly targetPeers: number;
  /** `--bootnodes`: dialled until connected, with the same backoff as everyone else. */
  readonly bootnodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly logger?: Logger;
}

/**
 * The known-peers actor: learns addresses from Peers, answers GetPeers (always, possibly empty), records
 * who connected and how they left, and on each dial tick asks the supervisor to dial what is worth it.
 */
export function createKnownPeersActor(options: KnownPeersActorOptions) {
  const { registry, now, logger } = options;
  return fromCallback<RegistryMessage, undefined, SupervisorEvent>(({ sendBack, receive }) => {
    const bootnodeRetryAt = new Map<string, { at: number; failures: number }>();
    /** host:listenPort of each admitted peer, so a connected bootnode is not dialled again. */
    const activeAddresses = new Map<number, string>();
    let stopped = false;
    receive((m) => {
      if (stopped) return;
      switch (m.type) {
        case 'registry.peers': {
          const kept = registry.learn(m.peers, now());
          logger?.debug({ conn: m.connId, offered: m.peers.length, kept }, 'learned peers');
          return;
        }
        case 'registry.getPeers':
          sendBack({
            type: 'route.send',
            connId: m.connId,
            message: { command: 'Peers', peers: registry.answer() },
          });
          return;
        case 'registry.peerActive':
          if (m.hello.nodeId && m.hello.listenPort > 0) {
            registry.connected({ ip: m.remoteHost, port: m.hello.listenPort, nodeId: m.hello.nodeId }, now());
          }
          activeAddresses.set(m.connId, `${m.remoteHost}:${m.hello.listenPort}`);
          bootnodeRetryAt.delete(`${m.remoteHost}:${m.hello.listenPort}`);
          return;
        case 'registry.peerGone':
          activeAddresses.delete(m.connId);
          if (m.hello?.nodeId && m.hello.listenPort > 0) {
            const reason = m.report.reason === undefined ? undefined : disconnectReasonName(m.report.reason);
            registry.disconnected(
              { ip: m.remoteHost, port: m.hello.listenPort, nodeId: m.hello.nodeId },
              reason,
              now(),
            );
          }
          return;
        case 'registry.dialFailed': {
          registry.dialFailed(m.host, m.port, now());
          const key = `${m.host}:${m.port}`;
          const boot = bootnodeRetryAt.get(key);
          if (boot) {
            boot.failures++;
            boot.at = now() + Math.min(60_000, 1000 * 2 ** boot.failures);
          }
          logger?.info({ host: m.host, port: m.port }, 'dial failed');
          return;
        }
        case 'registry.dialTick': {
          const room = options.targetPeers - m.peerCount;
          if (room <= 0) return;
          const t = now();
          const targets: Array<{ host: string; port: number }> = [];
          const connected = new Set(activeAddresses.values());
          for (const b of options.bootnodes) {
            const key = `${b.host}:${b.port}`;
            if (connected.has(key)) continue;
            const state = bootnodeRetryAt.get(key) ?? { at: 0, failures: 0 };
            bootnodeRetryAt.set(key, state);
            if (state.at <= t && targets.length < room) {
              // Re-dialled only after a backoff, whether it failed or just has not connected yet.
              state.at = t + Math.min(60_000, 1000 * 2 ** state.failures);
              targets.push({ host: b.host, port: b.port });
            }
          }
          if (targets.length < room) {
            targets.push(...registry.dialCandidates(t, new Set(m.activeNodeIds), room - targets.length));
          }
          for (const target of targets) sendBack({ type: 'dial.request', ...target });
          return;
        }
      }
    });
    return () => {
      stopped = true;
    };
  });
}
