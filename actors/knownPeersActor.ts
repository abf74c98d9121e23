import { fromCallback } from 'xstate';
import type { Logger } from 'pino';
import type { KnownPeers } from './knownPeers';
import type { RegistryMessage, SupervisorEvent } from '../machines/supervisorEvents';

/** What the known-peers actor needs of the registry (`KnownPeers`, actors/knownPeers.ts). */
export type RegistryPort = Pick<
  KnownPeers,
  | 'learn'
  | 'peersToShare'
  | 'peerConnected'
  | 'peerDisconnected'
  | 'dialFailed'
  | 'takeDialTargets'
  | 'flush'
  | 'size'
>;

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
    const bootnodeKeys = new Set(options.bootnodes.map((b) => `${b.host}:${b.port}`));
    /**
     * host:listenPort of each admitted peer that is a bootnode, so a connected bootnode is not dialled
     * again; only those, since nothing else reads them (a string and an entry were ~70 B an idle peer).
     */
    const activeAddresses = new Map<number, string>();
    let stopped = false;
    // One batch per change set; KnownPeers queues batches behind each other, so order is kept.
    const persist = (): void => {
      registry.flush().catch((err: unknown) => logger?.error({ err }, 'could not persist known peers'));
    };
    receive((m) => {
      if (stopped) return;
      switch (m.type) {
        case 'registry.peers': {
          const report = registry.learn(m.peers, now());
          logger?.debug({ conn: m.connId, offered: m.peers.length, ...report }, 'learned peers');
          persist();
          return;
        }
        case 'registry.getPeers':
          sendBack({
            type: 'route.send',
            connId: m.connId,
            message: { command: 'Peers', peers: registry.peersToShare() },
          });
          return;
        case 'registry.peerActive': {
          if (m.hello.nodeId && m.hello.listenPort > 0) {
            registry.peerConnected(m.remoteHost, m.hello.listenPort, m.hello.nodeId, now(), m.nodeIdHex);
            persist();
          }
          const key = `${m.remoteHost}:${m.hello.listenPort}`;
          if (bootnodeKeys.has(key)) activeAddresses.set(m.connId, key);
          bootnodeRetryAt.delete(key);
          return;
        }
        case 'registry.peerGone':
          activeAddresses.delete(m.connId);
          if (m.hello?.nodeId) {
            registry.peerDisconnected(m.hello.nodeId, m.report.reason, now(), m.nodeIdHex);
            persist();
          }
          return;
        case 'registry.dialFailed': {
          registry.dialFailed(m.host, m.port, now());
          persist();
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
            for (const p of registry.takeDialTargets(t, m.activeNodeIds, room - targets.length)) {
              targets.push({ host: p.ip, port: p.port });
            }
            persist();
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
