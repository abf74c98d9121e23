import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import type pino from 'pino';
import type { Registry } from 'prom-client';

import type { NodeStatusSource } from '../../actors/nodeStatus';
import { machineToGraph } from '../chart/chartGraph';
import { chartMachine, delayDefaults } from '../chart/chartMachines';
import { dashboardChart } from './dashboardChart';
import type { LiveHubOptions } from './liveHub';
import { DEFAULT_LIVE_HUB_OPTIONS, LiveHub } from './liveHub';
import { createRequestHandler } from './routes';
import { loadStaticAssets } from './staticAssets';

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (the handle carries the real one). */
  readonly port: number;
  readonly source: NodeStatusSource;
  readonly metrics: Registry;
  readonly logger?: pino.Logger;
  /** Limits of the dashboards' WebSocket (`/live`). */
  readonly live?: Partial<LiveHubOptions>;
}

export interface HttpServer {
  readonly port: number;
  /** Dashboards connected to `/live` now. */
  liveClients(): number;
  close(): Promise<void>;
}

/** The dashboards' WebSocket endpoint. */
export const LIVE_PATH = '/live';

/**
 * A WebSocket from another site's page would let that page read the node's status from the user's
 * browser (the status page is on loopback precisely so others cannot); browsers always send Origin.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The status page, metrics and live dashboard (CONTRACT.md §5) on `node:http`. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const peer = chartMachine('peer');
  if (peer === undefined) throw new Error('the peer machine is missing from the chart generator');
  const chartJson = JSON.stringify(dashboardChart(machineToGraph(peer, { delayDefaults: delayDefaults() })));
  const assets = await loadStaticAssets();
  const hub = new LiveHub(options.source, { ...DEFAULT_LIVE_HUB_OPTIONS, ...options.live }, options.logger);

  const server = createServer(
    createRequestHandler({
      source: options.source,
      metrics: options.metrics,
      assets,
      chartJson,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url !== LIVE_PATH) return refuseUpgrade(socket, '404 Not Found');
    if (!sameOrigin(req)) return refuseUpgrade(socket, '403 Forbidden');
    hub.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err: unknown) {
    hub.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    liveClients: () => hub.size,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
