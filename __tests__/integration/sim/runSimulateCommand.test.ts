import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runSimulateCommand } from '../../../sim/runSimulateCommand';
import { simulate } from '../../../sim/simulate';
import { tempDirPerSuite } from '../../helpers/tempDir';

describe('runSimulateCommand', () => {
  const options = { nodes: 12, degree: 3, txs: 3, seed: 21 };
  const tempDir = tempDirPerSuite('pocnode-sim-');

  it('prints the result as one JSON line, the same as simulate gives, writes the report and exits 0', async () => {
    const lines: string[] = [];
    const report = path.join(tempDir(), 'report.html');
    const code = await runSimulateCommand({ ...options, json: true, report, out: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(JSON.parse(JSON.stringify(await simulate(options))));

    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    const curves = [
      ...html.matchAll(/<polyline class="curve" data-percentile="(\d+)"[^>]*points="([^"]*)"/g),
    ];
    expect(curves.map((m) => m[1])).toEqual(['50', '90', '100']);
    for (const m of curves) expect(m[2]!.split(' ').length).toBeGreaterThanOrEqual(options.nodes);
    // Self-contained: no script, nothing loaded from elsewhere.
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|@import|url\(/i);
  });

  it('prints the figures as text with the wall time', async () => {
    const lines: string[] = [];
    const code = await runSimulateCommand({ ...options, json: false, out: (l) => lines.push(l) });
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/every transaction reached all 12 nodes/);
    expect(text).toMatch(/^\s+100%\s+\d+\s+\d+\s+\d+$/m);
    expect(text).toMatch(/Transactions frames sent per transaction per node: \d/);
    expect(text).toMatch(/duplicate deliveries: \d+/);
    expect(text).toMatch(/wall time: \d+\.\d s/);
  });

  it('refuses a bad option with one error line and exit 2', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSimulateCommand({
      ...options,
      degree: 12,
      json: false,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^pocnode simulate: --degree/);
  });

  it('exits 2 before simulating when the report cannot be written', async () => {
    const err: string[] = [];
    const code = await runSimulateCommand({
      ...options,
      json: true,
      report: path.join(tempDir(), 'missing-dir', 'report.html'),
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^pocnode simulate: cannot write the report/);
  });

  it('leaves no report behind when an option is bad', async () => {
    const report = path.join(tempDir(), 'never.html');
    const code = await runSimulateCommand({ ...options, txs: 0, json: true, report, out: () => undefined });
    expect(code).toBe(2);
    expect(() => readFileSync(report)).toThrow();
  });
});
