import type { TxPercentile } from './propagationStats';
import type { SimulationResult } from './simulate';

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 60, right: 20, top: 20, bottom: 50 } as const;
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Dashed differently, so that curves that coincide (few transactions) still all show. */
const CURVE_STYLE: Record<
  TxPercentile,
  { readonly color: string; readonly dash: string; readonly label: string }
> = {
  50: { color: '#1f77b4', dash: 'none', label: 'median transaction (p50)' },
  90: { color: '#ff7f0e', dash: '8 4', label: '90th percentile (p90)' },
  100: { color: '#d62728', dash: '2 4', label: 'slowest transaction (max)' },
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round upper bound for the time axis (1, 2 or 5 × 10^k) and its tick step. */
function timeAxis(maxT: number): { max: number; step: number } {
  const target = Math.max(maxT, 1);
  const magnitude = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) {
    const max = m * magnitude;
    if (max >= target) return { max, step: max / (m === 1 || m === 10 ? 5 : m === 2 ? 4 : 5) };
  }
  return { max: 10 * magnitude, step: 2 * magnitude };
}

function svgChart(result: SimulationResult): string {
  const maxT = Math.max(0, ...result.curves.flatMap((c) => c.points.map((p) => p.t)));
  const axis = timeAxis(maxT);
  const x = (t: number): string => (MARGIN.left + (t / axis.max) * PLOT_W).toFixed(1);
  const y = (fraction: number): string => (MARGIN.top + (1 - fraction) * PLOT_H).toFixed(1);
  const parts: string[] = [];
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(f)}" y2="${y(f)}"/>`,
      `<text class="tick" x="${MARGIN.left - 8}" y="${y(f)}" text-anchor="end" dominant-baseline="middle">${f * 100}%</text>`,
    );
  }
  for (let t = 0; t <= axis.max + 1e-9; t += axis.step) {
    parts.push(
      `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"/>`,
      `<text class="tick" x="${x(t)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${Math.round(t)}</text>`,
    );
  }
  parts.push(
    `<text class="label" x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 10}" text-anchor="middle">ms after the origin node took the transaction in</text>`,
    `<text class="label" transform="translate(14 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">nodes holding the transaction</text>`,
  );
  for (const curve of result.curves) {
    const style = CURVE_STYLE[curve.percentile];
    const points = curve.points.map((p) => `${x(p.t)},${y(p.fraction)}`).join(' ');
    parts.push(
      `<polyline class="curve" data-percentile="${curve.percentile}" fill="none" stroke="${style.color}" ` +
        `stroke-width="2" stroke-dasharray="${style.dash}" points="${points}"><title>${escapeHtml(style.label)}</title></polyline>`,
    );
  }
  result.curves.forEach((curve, i) => {
    const style = CURVE_STYLE[curve.percentile];
    const ly = HEIGHT - MARGIN.bottom - 20 - 18 * (result.curves.length - 1 - i);
    const lx = WIDTH - MARGIN.right - 230;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${style.color}" stroke-width="3" ` +
        `stroke-dasharray="${style.dash}"/>`,
      `<text class="legend" x="${lx + 30}" y="${ly}" dominant-baseline="middle">${escapeHtml(style.label)}</text>`,
    );
  });
  return (
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
    `role="img" aria-label="propagation curves">\n${parts.join('\n')}\n</svg>`
  );
}

const cell = (x: number | null): string => (x === null ? '—' : String(x));

/**
 * The `--report` page: the propagation curves as inline SVG and the figures as tables, in one file with
 * no scripts and nothing fetched from elsewhere, so it opens anywhere and can be archived as it is.
 */
export function renderReportHtml(result: SimulationResult): string {
  const o = result.options;
  const title = `pocnode simulate — ${o.nodes} nodes, degree ${o.degree}, ${o.txs} transactions, seed ${o.seed}`;
  const rows = result.reachMs
    .map(
      (r) =>
        `<tr><td>${r.level}%</td><td>${cell(r.p50)}</td><td>${cell(r.p90)}</td><td>${cell(r.max)}</td></tr>`,
    )
    .join('\n');
  const figures: Array<[string, string]> = [
    [
      'links',
      `${result.topology.links} (${result.topology.minDegree}–${result.topology.maxDegree} per node)`,
    ],
    ['link latency', `${o.minLatencyMs}–${o.maxLatencyMs} ms`],
    ['injections', `${o.warmupMs}–${o.warmupMs + o.injectWindowMs} ms (simulated)`],
    ['complete', result.complete ? 'every transaction reached every node' : 'NO: time limit reached'],
    ['figures taken at', `${result.simulatedMs} ms (simulated)`],
    [
      'Transactions frames per transaction per node',
      `${result.framesPerTxPerNode} (${result.txFrames} frames)`,
    ],
    [
      'duplicate deliveries',
      `${result.duplicates} (${result.duplicatesPerTxPerNode} per transaction per node)`,
    ],
    ['frames sent in all', String(result.framesTotal)],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
th { background: #f4f4f4; }
.grid { stroke: #e4e4e4; }
.tick, .legend { font-size: 12px; fill: #444; }
.label { font-size: 13px; fill: #222; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Share of the nodes holding a transaction against the time since its origin node took it in from the injecting client. Each curve is a percentile
over the transactions: at every share of nodes, the time by which that share of the transactions had got there.</p>
${svgChart(result)}
<h2>Time until a share of the nodes held a transaction (ms after its origin took it in)</h2>
<table>
<tr><th>nodes</th><th>p50</th><th>p90</th><th>max</th></tr>
${rows}
</table>
<h2>Figures</h2>
<table>
${figures.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
</body>
</html>
`;
}
