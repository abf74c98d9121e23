import type pino from 'pino';

import type { NodeConfig } from './nodeConfig';

/** A node started by `startNode`: its real ports, and how to stop it. */
export interface RunningNode {
  readonly ports: { readonly tcp: number; readonly ws?: number; readonly http?: number };
  /** Every peer gets `Disconnect(Client quitting)`, the store is flushed and closed (CONTRACT.md §2). */
  stop(reason?: string): Promise<void>;
  /** Settles when the node has stopped, whoever stopped it. */
  readonly done: Promise<void>;
}

/** Starts a node with the given configuration. Placeholder until the node runner is wired in. */
export function startNode(_config: NodeConfig, _logger: pino.Logger): Promise<RunningNode> {
  return Promise.reject(new Error('startNode: not wired yet'));
}
