import { renderReportHtml } from '../../../sim/renderReport';
import type { SimulationResult } from '../../../sim/simulate';

const result: SimulationResult = {
  options: {
    nodes: 4,
    degree: 2,
    txs: 2,
    seed: 3,
    minLatencyMs: 1,
    maxLatencyMs: 50,
    warmupMs: 1000,
    injectWindowMs: 2000,
    timeLimitMs: 63000,
  },
  topology: { links: 4, minDegree: 2, maxDegree: 2 },
  handshakes: 8,
  complete: false,
  simulatedMs: 63000,
  failedInjections: 0,
  reachMs: [
    { level: 50, p50: 12, p90: 30, max: 30 },
    { level: 90, p50: 40, p90: null, max: null },
    { level: 100, p50: 40, p90: null, max: null },
  ],
  txFrames: 5,
  framesPerTxPerNode: 0.625,
  deliveries: 7,
  duplicates: 0,
  duplicatesPerTxPerNode: 0,
  framesTotal: 60,
  curves: [
    {
      percentile: 50,
      points: [
        { t: 12, fraction: 0.25 },
        { t: 12, fraction: 0.5 },
        { t: 40, fraction: 1 },
      ],
    },
    {
      percentile: 90,
      points: [
        { t: 30, fraction: 0.25 },
        { t: 30, fraction: 0.5 },
      ],
    },
    {
      percentile: 100,
      points: [
        { t: 30, fraction: 0.25 },
        { t: 30, fraction: 0.5 },
      ],
    },
  ],
  transactions: [],
};

describe('renderReportHtml', () => {
  const html = renderReportHtml(result);

  it('draws one polyline per percentile curve, each through all of its points', () => {
    const curves = [
      ...html.matchAll(/<polyline class="curve" data-percentile="(\d+)"[^>]*points="([^"]*)"/g),
    ];
    expect(curves.map((m) => [m[1], m[2]!.split(' ').length])).toEqual([
      ['50', 3],
      ['90', 2],
      ['100', 2],
    ]);
  });

  it('plots a larger share of nodes higher up and a later time further right', () => {
    const points = /data-percentile="50"[^>]*points="([^"]*)"/.exec(html)![1]!.split(' ');
    const [x0, y0] = points[0]!.split(',').map(Number);
    const [x2, y2] = points[2]!.split(',').map(Number);
    expect(x2!).toBeGreaterThan(x0!);
    // SVG y grows downwards: all nodes (fraction 1) is higher up than a quarter of them.
    expect(y2!).toBeLessThan(y0!);
  });

  it('shows the table with dashes where no figure exists, and says the run was incomplete', () => {
    expect(html).toContain('<tr><td>90%</td><td>40</td><td>—</td><td>—</td></tr>');
    expect(html).toContain('NO: time limit reached');
  });

  it('is one self-contained page: inline SVG, no script, nothing fetched', () => {
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|@import|url\(/i);
  });
});
