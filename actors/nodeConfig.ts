import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { MAX_PENDING_WRITE_BYTES } from '../transport/connection';
import { DEFAULT_FRAME_BUDGET_PER_SECOND } from './frameBudget';
import { MAX_FRAME_BYTES } from '../wire/constants';

/** The levels pino knows, plus `silent`; `--log-level` accepts exactly these. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A peer to dial at start-up (`--bootnodes host:port,…`). */
export interface Bootnode {
  readonly host: string;
  readonly port: number;
}

/**
 * Everything a node run needs: the options of `pocnode start` (CONTRACT.md §2) plus the protocol's
 * timers and limits (CONTRACT.md §3), in milliseconds and bytes.
 */
export interface NodeConfig {
  /** Address the TCP listener binds. */
  readonly host: string;
  /** TCP listen port; 0 picks a free port (the `listening` log line carries the real one). */
  readonly port: number;
  /** WebSocket listen port; undefined = no WebSocket transport; 0 picks a free port. */
  readonly wsPort: number | undefined;
  /** Status page and metrics port; 0 = off. */
  readonly httpPort: number;
  /** The status page is bound to loopback unless asked otherwise (CONTRACT.md §2). */
  readonly httpHost: string;
  readonly dataDir: string;
  /** Sent in Hello; a peer with another network id is dropped with `Wrong genesis block`. */
  readonly networkId: number;
  /** Sent in Hello, like cpp-ethereum's `Ethereum(++)/v0.3.11/brew/Darwin/unknown`. */
  readonly clientId: string;
  readonly maxPeers: number;
  readonly bootnodes: readonly Bootnode[];
  /** Directory for one JSON Lines trace per run (CONTRACT.md §4); undefined = no tracing. */
  readonly traceDir: string | undefined;
  readonly logLevel: LogLevel;
  /** false (`--no-dial`): accept connections only, never dial out. */
  readonly dial: boolean;
  /** File holding a genesis block's RLP as hex; undefined = the 2014 clients' PoC-3 genesis. */
  readonly genesis: string | undefined;
  /** No Hello within this time → `Disconnect(Useless peer)`. */
  readonly helloTimeoutMs: number;
  /** Nothing received for this long → send Ping. */
  readonly pingIntervalMs: number;
  /** Nothing received this long after the Ping → `Disconnect(Useless peer)`. */
  readonly pingTimeoutMs: number;
  /** After sending Disconnect, close the socket this much later (or when the peer closes). */
  readonly disconnectGraceMs: number;
  /** Payload sizes above this are refused from the frame header alone. */
  readonly maxFrameBytes: number;
  /** A peer that lets more than this pile up unread is dropped. */
  readonly maxPendingWriteBytes: number;
  /** Inbound connections still waiting for Hello beyond this are refused. */
  readonly maxPendingHandshakes: number;
  /**
   * Inbound connections accepted per remote IP per second (after a burst of IP_BURST_SECONDS of them,
   * actors/ipRateLimiter.ts); more are closed at once, before any byte is read or written. 0 = no limit.
   */
  readonly maxInboundPerIpPerSecond: number;
  /**
   * Per-connection frame budget refilled each second (a frame costs 1, plus 1 per transaction it carries;
   * actors/frameBudget.ts); a peer that sends faster gets `Disconnect(Useless peer)`. 0 = no budget.
   */
  readonly frameBudgetPerSecond: number;
}

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
}

/**
 * The version in our package.json, found by walking up from this file: the same code runs from the
 * source tree (ts-jest) and from dist/, which sit at different depths.
 */
function readPackageVersion(): string {
  let dir = __dirname;
  for (;;) {
    try {
      const parsed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (parsed.name === 'pocnode' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

/** pocnode's version, from package.json at run time. */
export const POCNODE_VERSION: string = readPackageVersion();

/**
 * `pocnode/v0.1.0/linux/node20`: the shape of the 2014 clients' ids (name/version/platform/toolchain,
 * e.g. `Ethereum(++)/v0.3.11/brew/Darwin/unknown`).
 */
export function defaultClientId(
  version: string = POCNODE_VERSION,
  platform: string = process.platform,
  nodeVersion: string = process.versions.node,
): string {
  const major = nodeVersion.split('.')[0] ?? nodeVersion;
  return `pocnode/v${version}/${platform}/node${major}`;
}

/** Defaults of CONTRACT.md §2 (options) and §3 (timers and limits). */
export const DEFAULT_NODE_CONFIG: NodeConfig = Object.freeze({
  host: '0.0.0.0',
  port: 30303,
  wsPort: undefined,
  httpPort: 8080,
  httpHost: '127.0.0.1',
  dataDir: './data',
  networkId: 0,
  clientId: defaultClientId(),
  maxPeers: 25,
  bootnodes: Object.freeze([]),
  traceDir: undefined,
  logLevel: 'info',
  dial: true,
  genesis: undefined,
  helloTimeoutMs: 5000,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 15_000,
  disconnectGraceMs: 2000,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxPendingWriteBytes: MAX_PENDING_WRITE_BYTES,
  maxPendingHandshakes: 50,
  maxInboundPerIpPerSecond: 10,
  frameBudgetPerSecond: DEFAULT_FRAME_BUDGET_PER_SECOND,
});
