import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';

import { WebSocket } from 'ws';

import type { NodeMetrics } from '../../../actors/nodeMetrics';
import { createNodeMetrics } from '../../../actors/nodeMetrics';
import type { NodeStatus } from '../../../actors/nodeStatus';
import type { DashboardChart } from '../../../cli/http/dashboardChart';
import type { LiveMessage } from '../../../cli/http/liveHub';
import type { HttpServer, HttpServerOptions } from '../../../cli/http/server';
import { startHttpServer } from '../../../cli/http/server';
import { FakeStatusSource } from './fakeStatusSource';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with the path sent exactly as given (node's client does not normalise it). */
function fetchRaw(port: number, urlPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket client that queues what it receives, so a test awaits messages instead of sleeping. */
class LiveClient {
  readonly ws: WebSocket;
  private readonly queue: LiveMessage[] = [];
  private waiting: ((m: LiveMessage) => void) | undefined;

  constructor(port: number, urlPath = '/live', headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}${urlPath}`, { headers });
    this.ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as LiveMessage;
      if (this.waiting !== undefined) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(message);
      } else {
        this.queue.push(message);
      }
    });
  }

  next(): Promise<LiveMessage> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.ws.once('close', (code: number) => resolve(code)));
  }
}

describe('startHttpServer', () => {
  let source: FakeStatusSource;
  let metrics: NodeMetrics;
  let server: HttpServer;

  const start = async (extra: Partial<HttpServerOptions> = {}): Promise<void> => {
    await server?.close();
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      source,
      metrics: metrics.registry,
      ...extra,
    });
  };

  beforeEach(async () => {
    source = new FakeStatusSource();
    metrics = createNodeMetrics({ source: () => source.status(), defaultMetrics: false });
    await start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('serves /status as JSON with the fields of CONTRACT.md §5', async () => {
    source.open(1, 'inbound', '127.0.0.1:40112');
    source.move(1, { active: 'idle' }, { nodeId: 'e4'.repeat(64), clientId: 'Ethereum(++)/v0.3.11' });
    const reply = await fetchRaw(server.port, '/status');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const status = JSON.parse(reply.body) as NodeStatus;
    expect(status).toMatchObject({
      nodeId: 'ab'.repeat(64),
      clientId: 'pocnode/v0.1.0/test',
      ports: { tcp: 30303 },
      knownPeers: 3,
      txPool: 2,
      head: { hash: `0x${'cd'.repeat(32)}`, height: 10, totalDifficulty: '4194304' },
    });
    expect(status.peers).toEqual([
      expect.objectContaining({
        conn: 1,
        nodeId: 'e4'.repeat(64),
        clientId: 'Ethereum(++)/v0.3.11',
        remote: '127.0.0.1:40112',
        direction: 'inbound',
        state: 'active',
      }),
    ]);
  });

  it('serves /metrics as Prometheus text that follows the observer calls', async () => {
    const before = await fetchRaw(server.port, '/metrics');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'pocnode_peers',
      'pocnode_frames_total',
      'pocnode_disconnects_total',
      'pocnode_head_height',
    ]) {
      expect(before.body).toContain(`# TYPE ${name} `);
    }
    expect(before.body).toMatch(/^pocnode_frames_total\{direction="in",command="Ping"\} 0$/m);

    metrics.frameIn(1, 'Ping', 10);
    metrics.frameIn(1, 'Ping', 10);
    source.open(1, 'outbound', '127.0.0.1:30303');
    const after = await fetchRaw(server.port, '/metrics');
    expect(after.body).toMatch(/^pocnode_frames_total\{direction="in",command="Ping"\} 2$/m);
    expect(after.body).toMatch(/^pocnode_frame_bytes_total\{direction="in",command="Ping"\} 20$/m);
    expect(after.body).toMatch(/^pocnode_peers\{state="awaitingHello",direction="outbound"\} 1$/m);
  });

  it('serves the dashboard page and every script and style it loads, from the repo and node_modules', async () => {
    const page = await fetchRaw(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const referenced = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced).toEqual(expect.arrayContaining(['/vendor/elk.bundled.js', '/dashboard/dashboard.js']));
    const modules = ['dashboard.js', 'chartView.js', 'peerTable.js'].flatMap((file) => {
      const text = readFileSync(path.resolve(__dirname, '../../../cli/http/dashboard', file), 'utf8');
      return [...text.matchAll(/from '\.\/([^']+)'/g)].map((m) => `/dashboard/${m[1]!}`);
    });
    for (const url of new Set([...referenced, ...modules])) {
      const reply = await fetchRaw(server.port, url);
      expect({ url, status: reply.status }).toEqual({ url, status: 200 });
      expect(reply.body.length).toBeGreaterThan(100);
    }
    const elk = await fetchRaw(server.port, '/vendor/elk.bundled.js');
    expect(elk.body).toBe(readFileSync(require.resolve('elkjs/lib/elk.bundled.js'), 'utf8'));
  });

  it('serves the peer machine chart model for the page to draw', async () => {
    const chart = JSON.parse((await fetchRaw(server.port, '/chart.json')).body) as DashboardChart;
    expect(chart.machine).toBe('peer');
    expect(chart.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['peer.awaitingHello', 'peer.active', 'peer.disconnecting', 'peer.closed']),
    );
  });

  it('answers HEAD with the headers of GET and no body, and other methods with 405', async () => {
    const head = await fetchRaw(server.port, '/status', 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body).toBe('');
    const post = await fetchRaw(server.port, '/status', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it.each([
    '/nope',
    '/status/',
    '/index.html',
    '/dashboard/',
    '/dashboard/index.html',
    '/../package.json',
    '/dashboard/../../../package.json',
    '/dashboard/../dashboard.ts',
    '/dashboard/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/dashboard/..%2f..%2f..%2fpackage.json',
    '/dashboard\\..\\..\\..\\package.json',
    '/vendor/../node_modules/elkjs/package.json',
    '/vendor/elkjs/package.json',
    '/x/../status',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
  ])('refuses %s with 404', async (urlPath) => {
    const reply = await fetchRaw(server.port, urlPath);
    expect(reply.status).toBe(404);
    expect(reply.body).toBe('not found\n');
  });

  it('answers 500 when the status cannot be read, and keeps serving', async () => {
    const failing = jest.spyOn(source, 'status').mockImplementationOnce(() => {
      throw new Error('store closed');
    });
    expect((await fetchRaw(server.port, '/status')).status).toBe(500);
    failing.mockRestore();
    expect((await fetchRaw(server.port, '/status')).status).toBe(200);
  });

  it('sends the status on WebSocket connect, then each peer state change', async () => {
    const client = new LiveClient(server.port);
    const first = await client.next();
    expect(first.type).toBe('status');
    source.open(7, 'outbound', '127.0.0.1:30304');
    source.move(7, { active: 'idle' }, { nodeId: '1f'.repeat(64), clientId: 'pyethereum' });
    const opened = await client.next();
    const active = await client.next();
    expect(opened).toMatchObject({ type: 'peerState', change: { conn: 7, state: 'awaitingHello' } });
    expect(active).toMatchObject({
      type: 'peerState',
      change: { conn: 7, state: 'active', stateValue: { active: 'idle' }, clientId: 'pyethereum' },
    });
    client.ws.close();
    await client.closed();
  });

  it('refuses WebSocket upgrades on other paths and from other sites', async () => {
    const statusOf = (client: LiveClient): Promise<number> =>
      new Promise((resolve) =>
        client.ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
    const wrongPath = new LiveClient(server.port, '/status');
    const foreign = new LiveClient(server.port, '/live', { Origin: 'http://evil.example' });
    wrongPath.ws.on('error', () => undefined);
    foreign.ws.on('error', () => undefined);
    expect(await statusOf(wrongPath)).toBe(404);
    expect(await statusOf(foreign)).toBe(403);
    const sameSite = new LiveClient(server.port, '/live', { Origin: `http://127.0.0.1:${server.port}` });
    expect((await sameSite.next()).type).toBe('status');
    sameSite.ws.close();
    await sameSite.closed();
  });

  it('refuses a dashboard beyond the client limit with close code 1013', async () => {
    await start({ live: { maxClients: 1 } });
    const first = new LiveClient(server.port);
    await first.next();
    const second = new LiveClient(server.port);
    expect(await second.closed()).toBe(1013);
    expect(server.liveClients()).toBe(1);
  });

  it('drops a dashboard that does not read instead of buffering for it', async () => {
    await start({ live: { maxBufferedBytes: 64 * 1024 } });
    const slow = new LiveClient(server.port);
    await slow.next();
    const fast = new LiveClient(server.port);
    await fast.next();
    expect(server.liveClients()).toBe(2);

    const slowSocket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    slowSocket.pause();
    const big = 'x'.repeat(256 * 1024);
    let sent = 0;
    // Until the kernel's socket buffers are full, writes leave at once; after that they pile up.
    while (server.liveClients() === 2 && sent < 400) {
      source.emitChange({
        t: sent,
        conn: 1,
        state: 'active',
        stateValue: big,
        nodeId: undefined,
        clientId: undefined,
        direction: 'inbound',
        remote: '127.0.0.1:1',
      });
      sent++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await fast.next();
    }
    // Dropped once its backlog passed the limit, not at the first large message.
    expect(server.liveClients()).toBe(1);
    expect(sent).toBeGreaterThan(1);
    slowSocket.resume();
    expect(await slow.closed()).toBe(1006);
    fast.ws.close();
    await fast.closed();
  });

  it('closes its dashboards, leaves the source and frees the port on close', async () => {
    const client = new LiveClient(server.port);
    await client.next();
    expect(source.listenerCount).toBe(1);
    await server.close();
    expect(await client.closed()).toBe(1006);
    expect(source.listenerCount).toBe(0);
    await expect(fetchRaw(server.port, '/status')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.close();
  });
});
