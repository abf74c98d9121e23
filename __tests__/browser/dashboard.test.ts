import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { createNodeMetrics } from '../../actors/nodeMetrics';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import type { HttpServer } from '../../cli/http/server';
import { startHttpServer } from '../../cli/http/server';
import { FakeStatusSource } from '../unit/http/fakeStatusSource';
import { summarisePng } from './pngColours';

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
/** A peer that sent Disconnect must leave the page within the grace the node gives (CONTRACT.md §3). */
const LEAVE_WITHIN_MS = DEFAULT_NODE_CONFIG.disconnectGraceMs;
/** Set to write the README's screenshot (docs/dashboard.png) from this test's page. */
const UPDATE_SCREENSHOT = process.env['POCNODE_UPDATE_SCREENSHOT'] === '1';

const HELLO_A = { nodeId: '1f'.repeat(64), clientId: 'Ethereum(++)/v0.3.11/brew/Darwin/unknown' };
const HELLO_B = { nodeId: 'e4'.repeat(64), clientId: 'pyethereum/v0.0.1' };

describe('the live dashboard in a browser', () => {
  let browser: Browser;
  let page: Page;
  let server: HttpServer;
  let source: FakeStatusSource;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pocnode-dashboard-'));
    source = new FakeStatusSource();
    const metrics = createNodeMetrics({ source: () => source.status(), defaultMetrics: false });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, source, metrics: metrics.registry });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const count = (stateId: string): Promise<string | null> =>
    page.getAttribute(`#chart [data-state-id="${stateId}"]`, 'data-count');

  it('draws the peer chart from the machine definition and goes live', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForSelector('body[data-chart-ready="true"]');
    await page.waitForSelector('#live-indicator[data-live="true"]');

    const states = await page.locator('#chart g.state').all();
    const drawn = await Promise.all(states.map((state) => state.getAttribute('data-state-id')));
    expect(drawn).toEqual(
      expect.arrayContaining([
        'peer.awaitingHello',
        'peer.awaitingHello.waitingForHello',
        'peer.awaitingHello.waitingForAdmission',
        'peer.active',
        'peer.active.idle',
        'peer.active.pinging',
        'peer.disconnecting',
        'peer.closed',
      ]),
    );
    expect(await page.locator('#chart g.transition path').count()).toBeGreaterThan(8);
    expect(await page.textContent('#client-id')).toBe('pocnode/v0.1.0/test');
    expect(errors).toEqual([]);
  });

  it('shows two peers as active, then one leaves within the grace after it sends Disconnect', async () => {
    source.open(1, 'inbound', '127.0.0.1:40112');
    source.open(2, 'outbound', '127.0.0.1:30304');
    await page.waitForSelector('#chart [data-state-id="peer.awaitingHello"][data-count="2"]');
    source.now += 12;
    source.move(1, { awaitingHello: 'waitingForAdmission' }, HELLO_A);
    source.move(1, { active: 'idle' });
    source.move(2, { awaitingHello: 'waitingForAdmission' }, HELLO_B);
    source.move(2, { active: 'idle' });

    await page.waitForSelector('#peers tr[data-conn="1"][data-state="active"]');
    await page.waitForSelector('#peers tr[data-conn="2"][data-state="active"]');
    await page.waitForSelector('#chart [data-state-id="peer.active"][data-count="2"]');
    expect(await count('peer.active.idle')).toBe('2');
    expect(await count('peer.awaitingHello')).toBe('0');
    expect(await page.textContent('#peers tr[data-conn="1"] td.client')).toBe(HELLO_A.clientId);

    // Peer 2 sends Disconnect: the node closes at once (CONTRACT.md §3), the page must follow.
    source.now += 500;
    source.move(2, 'closed');
    await page.waitForSelector('#peers tr[data-conn="2"]', { state: 'detached', timeout: LEAVE_WITHIN_MS });
    await page.waitForSelector('#chart [data-state-id="peer.active"][data-count="1"]');
    await page.waitForSelector('#log li[data-conn="2"][data-state="closed"]');
    expect(await page.textContent('#peer-count')).toBe('1');
  });

  it('highlights the clicked peer’s current state and lists its recent transitions', async () => {
    await page.click('#peers tr[data-conn="1"]');
    await page.waitForSelector('#chart [data-state-id="peer.active.idle"].current');
    expect(await page.locator('#chart g.state.current').count()).toBe(2);
    await page.waitForSelector('#selected-peer:not([hidden])');
    const history = await page.locator('#peer-history li').all();
    expect(await Promise.all(history.map((li) => li.getAttribute('data-state')))).toEqual([
      'awaitingHello',
      'awaitingHello',
      'active',
    ]);

    source.now += 10_000;
    source.move(1, { active: 'pinging' });
    await page.waitForSelector('#chart [data-state-id="peer.active.pinging"].current');
    expect(await page.locator('#chart [data-state-id="peer.active.idle"].current').count()).toBe(0);
    expect(await page.locator('#peer-history li').count()).toBe(4);
  });

  it('renders a screenshot that is not blank', async () => {
    source.open(3, 'inbound', '127.0.0.1:40188');
    await page.waitForSelector('#peers tr[data-conn="3"]');
    const file = path.join(tmp, 'dashboard.png');
    await page.screenshot({ path: file });
    const png = summarisePng(readFileSync(file));
    expect(png.width).toBe(1280);
    expect(png.distinctColours).toBeGreaterThan(50);
    expect(statSync(file).size).toBeGreaterThan(10_000);

    // The same decoder on a blank page finds one colour: the count above measures the dashboard.
    const blankPage = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await blankPage.setContent('<body style="margin:0;background:#fff"></body>');
    const blank = summarisePng(await blankPage.screenshot());
    await blankPage.close();
    expect(blank).toEqual({ width: 1280, height: 760, distinctColours: 1 });

    if (UPDATE_SCREENSHOT) {
      writeFileSync(path.resolve(__dirname, '../../docs/dashboard.png'), readFileSync(file));
    }
  });
});
