import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type pino from 'pino';
import { WebSocket, WebSocketServer } from 'ws';

import type { NodeStatus, NodeStatusSource, PeerStateChange } from '../../actors/nodeStatus';

/** What a dashboard receives: the whole status on connect (and now and then), then each state change. */
export type LiveMessage =
  | { readonly type: 'status'; readonly status: NodeStatus }
  | { readonly type: 'peerState'; readonly change: PeerStateChange };

export interface LiveHubOptions {
  /** Dashboards connected at once; one more is refused with close code 1013 (try again later). */
  readonly maxClients: number;
  /** A client with more than this still queued unread is dropped: the node never buffers much for a slow page. */
  readonly maxBufferedBytes: number;
  /** Period of the full status pushed to every client (head, pool, known peers change without events); 0 = never. */
  readonly statusIntervalMs: number;
}

export const DEFAULT_LIVE_HUB_OPTIONS: LiveHubOptions = {
  maxClients: 16,
  maxBufferedBytes: 1024 * 1024,
  statusIntervalMs: 5000,
};

/** The page sends nothing; anything larger than this from a client is a protocol error. */
const MAX_CLIENT_PAYLOAD_BYTES = 1024;
/** RFC 6455 close code "Try Again Later". */
const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * The dashboards' WebSocket endpoint: bounded in clients and in what it buffers for each, so a page
 * left open on a slow link costs the node nothing but one dropped connection.
 */
export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_PAYLOAD_BYTES });
  private readonly clients = new Set<WebSocket>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: NodeStatusSource,
    private readonly options: LiveHubOptions,
    private readonly logger?: pino.Logger,
  ) {
    this.unsubscribe = source.onPeerState((change) => this.broadcast({ type: 'peerState', change }));
    if (options.statusIntervalMs > 0) {
      this.timer = setInterval(() => {
        if (this.clients.size > 0) this.broadcast(this.statusMessage());
      }, options.statusIntervalMs);
      this.timer.unref();
    }
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over an HTTP upgrade request already routed to this endpoint. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.clients.size >= this.options.maxClients) {
        this.logger?.warn({ max: this.options.maxClients }, 'dashboard refused: too many clients');
        ws.close(CLOSE_TRY_AGAIN_LATER, 'too many dashboard clients');
        return;
      }
      this.clients.add(ws);
      ws.on('close', () => this.clients.delete(ws));
      ws.on('error', (err) => {
        this.logger?.debug({ err }, 'dashboard client error');
        this.drop(ws);
      });
      this.send(ws, JSON.stringify(this.statusMessage()));
    });
  }

  /** Ends every client and stops listening to the node. */
  close(): void {
    this.unsubscribe();
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const ws of this.clients) ws.terminate();
    this.clients.clear();
    this.wss.close();
  }

  private statusMessage(): LiveMessage {
    return { type: 'status', status: this.source.status() };
  }

  private broadcast(message: LiveMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const ws of this.clients) this.send(ws, text);
  }

  private send(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.logger?.warn({ buffered: ws.bufferedAmount }, 'dashboard client too slow: dropped');
      this.drop(ws);
      return;
    }
    ws.send(text);
  }

  private drop(ws: WebSocket): void {
    this.clients.delete(ws);
    ws.terminate();
  }
}
