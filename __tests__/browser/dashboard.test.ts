import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import type { RunningNode } from '../../actors/node';
import { startNode } from '../../actors/node';
import { createNodeMetrics } from '../../actors/nodeMetrics';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { startNodeHttp } from '../../cli/http/nodeHttp';
import type { HttpServer } from '../../cli/http/server';
import { startHttpServer } from '../../cli/http/server';
import { loadSeedHellos, loadSession } from '../helpers/vectors';
import { FakeStatusSource } from '../unit/http/fakeStatusSource';
import { summarisePng } from './pngColours';
import { WirePeer } from './wirePeer';

/** Debian's chromium (CI installs it in .ci/run); playwright never downloads a browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1280, height: 760 };
/** A peer that sent Disconnect must leave the page within the grace the node gives (CONTRACT.md §3). */
const LEAVE_WITHIN_MS = DEFAULT_NODE_CONFIG.disconnectGraceMs;
/** Set to write the README's screenshot (docs/dashboard.png): the page with two active peers, one selected. */
const UPDATE_SCREENSHOT = process.env['POCNODE_UPDATE_SCREENSHOT'] === '1';

/** The seed's two real Hellos: cpp-ethereum v0.3.11 and pyethereum 0.0.1 (its older field order, no node id). */
const SEED = loadSeedHellos();
const CPP_CLIENT = 'Ethereum(++)/v0.3.11/brew/Darwin/unknown';
const PY_CLIENT = 'Ethereum(py)/0.0.1';
/** The Disconnect(Client quitting) frame the probe sent cpp-ethereum in the recorded session. */
const REAL_DISCONNECT = loadSession().find((f) => f.dir === 'out' && f.cmd === 'Disconnect')!.frame;

const rowOf = (client: string): string => `#peers tr:has(td.client:text-is("${client}"))`;

/** One browser for the file: starting Chromium is the slowest step here. */
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('the live dashboard of a running node, in a browser', () => {
  let page: Page;
  let node: RunningNode;
  let server: HttpServer;
  let tmp: string;
  const peers: WirePeer[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pocnode-dashboard-'));
    const config = {
      ...DEFAULT_NODE_CONFIG,
      host: '127.0.0.1',
      port: 0,
      httpHost: '127.0.0.1',
      httpPort: 0,
      dataDir: path.join(tmp, 'data'),
      dial: false,
      logLevel: 'silent' as const,
    };
    const logger = pino({ level: 'silent' });
    node = await startNode(config, logger);
    server = await startNodeHttp(node, config, logger);
    node.setPort('http', server.port);
    page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    await page?.close();
    await server?.close();
    await node?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws the peer chart from the machine definition and goes live', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForSelector('body[data-chart-ready="true"]');
    await page.waitForSelector('#live-indicator[data-live="true"]');

    const states = await page.locator('#chart g.state[data-path]').all();
    const drawn = await Promise.all(states.map((state) => state.getAttribute('data-path')));
    expect(drawn.sort()).toEqual([
      'active',
      'active.idle',
      'active.pinging',
      'awaitingHello',
      'awaitingHello.waitingForAdmission',
      'awaitingHello.waitingForHello',
      'closed',
      'disconnecting',
    ]);
    expect(await page.locator('#chart g.transition path').count()).toBeGreaterThan(8);
    expect(await page.textContent('#ports')).toBe(`tcp ${node.ports.tcp} · http ${server.port}`);
    expect(errors).toEqual([]);
  });

  it('shows two peers as active, then one leaves within the grace after it sends Disconnect', async () => {
    peers.push(await WirePeer.connect(node.ports.tcp, SEED.cpp.frame));
    peers.push(await WirePeer.connect(node.ports.tcp, SEED.py.frame));
    const [cpp, py] = peers as [WirePeer, WirePeer];
    await Promise.all([cpp.next('Hello'), py.next('Hello')]);

    await page.waitForSelector(`${rowOf(CPP_CLIENT)}[data-state="active"]`);
    await page.waitForSelector(`${rowOf(PY_CLIENT)}[data-state="active"]`);
    await page.waitForSelector('#chart [data-path="active"][data-count="2"]');
    expect(await page.getAttribute('#chart [data-path="awaitingHello"]', 'data-count')).toBe('0');
    expect(await page.textContent(`${rowOf(PY_CLIENT)} td:nth-child(5)`)).toBe(py.localAddress);
    if (UPDATE_SCREENSHOT) {
      await page.click(rowOf(CPP_CLIENT));
      await page.waitForSelector('#chart [data-path="active.idle"].current');
      await page.screenshot({ path: path.resolve(__dirname, '../../docs/dashboard.png') });
      await page.click(rowOf(CPP_CLIENT));
      await page.waitForSelector('#selected-peer[hidden]', { state: 'attached' });
    }

    // pyethereum says Disconnect: the node closes at once (CONTRACT.md §3) and the page must follow.
    const pyConn = await page.getAttribute(rowOf(PY_CLIENT), 'data-conn');
    py.send(REAL_DISCONNECT);
    await page.waitForSelector(`#peers tr[data-conn="${pyConn}"]`, {
      state: 'detached',
      timeout: LEAVE_WITHIN_MS,
    });
    await py.closed;
    await page.waitForSelector('#chart [data-path="active"][data-count="1"]');
    await page.waitForSelector(`#log li[data-conn="${pyConn}"][data-state="closed"]`);
    expect(await page.textContent('#peer-count')).toBe('1');
    expect(node.status().peers.map((p) => p.clientId)).toEqual([CPP_CLIENT]);
  });

  it('highlights the clicked peer’s current state and lists its recent transitions', async () => {
    await page.click(rowOf(CPP_CLIENT));
    await page.waitForSelector('#chart [data-path="active.idle"].current');
    const current = await page.locator('#chart g.state.current').all();
    expect(await Promise.all(current.map((g) => g.getAttribute('data-path')))).toEqual([
      'active',
      'active.idle',
    ]);
    await page.waitForSelector('#selected-peer:not([hidden])');
    const history = await page.locator('#peer-history li').all();
    expect(await Promise.all(history.map((li) => li.getAttribute('data-state')))).toEqual([
      'awaitingHello',
      'awaitingHello',
      'active',
    ]);
  });

  it('renders a screenshot that is not blank', async () => {
    const file = path.join(tmp, 'dashboard.png');
    await page.screenshot({ path: file });
    const png = summarisePng(readFileSync(file));
    expect(png.width).toBe(VIEWPORT.width);
    expect(png.distinctColours).toBeGreaterThan(50);
    expect(statSync(file).size).toBeGreaterThan(10_000);

    // The same decoder on a blank page finds one colour: the count above measures the dashboard.
    const blankPage = await browser.newPage({ viewport: VIEWPORT });
    await blankPage.setContent('<body style="margin:0;background:#fff"></body>');
    const blank = summarisePng(await blankPage.screenshot());
    await blankPage.close();
    expect(blank).toEqual({ ...VIEWPORT, distinctColours: 1 });
  });
});

describe('the dashboard following a peer through states the test drives', () => {
  it('moves the highlight of the selected peer as its state changes', async () => {
    const source = new FakeStatusSource();
    const metrics = createNodeMetrics({ source: () => source.status(), defaultMetrics: false });
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, source, metrics: metrics.registry });
    const page = await browser.newPage({ viewport: VIEWPORT });
    try {
      page.setDefaultTimeout(10_000);
      source.open(1, 'inbound', '127.0.0.1:40112');
      source.move(1, { active: 'idle' }, { nodeId: '1f'.repeat(64), clientId: CPP_CLIENT });
      await page.goto(`http://127.0.0.1:${server.port}/`);
      await page.waitForSelector('body[data-chart-ready="true"]');
      await page.click('#peers tr[data-conn="1"]');
      await page.waitForSelector('#chart [data-path="active.idle"].current');

      // Ten seconds without a frame: the keep-alive pings (CONTRACT.md §3).
      source.now += DEFAULT_NODE_CONFIG.pingIntervalMs;
      source.move(1, { active: 'pinging' });
      await page.waitForSelector('#chart [data-path="active.pinging"].current');
      expect(await page.locator('#chart [data-path="active.idle"].current').count()).toBe(0);
      expect(await page.getAttribute('#chart [data-path="active.pinging"]', 'data-count')).toBe('1');
      expect(await page.locator('#peer-history li').count()).toBe(1);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
