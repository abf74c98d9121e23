import type { IncomingMessage, ServerResponse } from 'node:http';

import type pino from 'pino';
import type { Registry } from 'prom-client';

import type { NodeStatusSource } from '../../actors/nodeStatus';
import type { StaticAsset } from './staticAssets';

export interface RouteContext {
  readonly source: NodeStatusSource;
  readonly metrics: Registry;
  /** Files by exact URL path (the dashboard page at `/`). */
  readonly assets: ReadonlyMap<string, StaticAsset>;
  /** `GET /chart.json`: the peer machine's chart, serialised once. */
  readonly chartJson: string;
  readonly logger?: pino.Logger;
}

/** Scripts, styles and sockets from this origin only: the page loads nothing from elsewhere. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff' } as const;

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  // HEAD: the headers of GET, no body.
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  send(req, res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

/**
 * The HTTP routes (CONTRACT.md §5): `/status`, `/metrics`, `/chart.json`, the dashboard at `/` and its
 * listed static files. Paths are matched exactly as sent, before any normalisation, so `/x/../status`
 * or an encoded `%2e%2e` is simply an unknown path.
 */
export function createRequestHandler(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? '';
    const pathname = rawUrl.split('?', 1)[0] ?? '';
    const known = pathname === '/status' || pathname === '/metrics' || pathname === '/chart.json';
    if (!known && !ctx.assets.has(pathname)) return notFound(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    switch (pathname) {
      case '/status':
        return send(req, res, 200, 'application/json', `${JSON.stringify(ctx.source.status())}\n`, {
          'Cache-Control': 'no-store',
        });
      case '/metrics':
        return send(req, res, 200, ctx.metrics.contentType, await ctx.metrics.metrics(), {
          'Cache-Control': 'no-store',
        });
      case '/chart.json':
        return send(req, res, 200, 'application/json', ctx.chartJson);
      default: {
        const asset = ctx.assets.get(pathname);
        if (asset === undefined) return notFound(req, res);
        return send(req, res, 200, asset.contentType, asset.body, {
          'Cache-Control': 'no-cache',
          ...(asset.contentType.startsWith('text/html')
            ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY }
            : {}),
        });
      }
    }
  };
  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      ctx.logger?.error({ err, url: req.url }, 'http request failed');
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  };
}
