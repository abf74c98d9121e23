import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningNode } from '../../../actors/node';
import { startNode } from '../../../actors/node';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import { CONFORMANCE_CASES, runConformanceCommand } from '../../../cli/conformance';
import { createLogger } from '../../../cli/logger';

/**
 * The suite against pocnode's own node on 127.0.0.1:0, the node and the suite given the same short timers
 * so the run takes seconds (`pocnode conformance` uses the contract's; that run took 25 s, all passing).
 */
const TIMERS = {
  helloTimeoutMs: 2000,
  pingIntervalMs: 1500,
  pingTimeoutMs: 2000,
  disconnectGraceMs: 800,
};

describe('the conformance suite against a pocnode node', () => {
  let node: RunningNode;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pocnode-conformance-'));
    node = await startNode(
      { ...DEFAULT_NODE_CONFIG, ...TIMERS, host: '127.0.0.1', port: 0, httpPort: 0, dataDir, dial: false },
      createLogger('silent'),
    );
  });

  afterAll(async () => {
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes every case', async () => {
    const lines: string[] = [];
    const code = await runConformanceCommand(`127.0.0.1:${node.ports.tcp}`, {
      out: (l) => lines.push(l),
      timeouts: { ...TIMERS, replyMs: 1500, immediateCloseMs: 400, settleMs: 150, dialMs: 2000 },
    });
    expect(lines.filter((l) => !l.startsWith('ok  '))).toEqual([
      `${CONFORMANCE_CASES.length} passed, 0 failed`,
    ]);
    expect(code).toBe(0);
  });
});
