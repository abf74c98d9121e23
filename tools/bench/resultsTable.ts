import type { BenchResult } from './types';

function fmt(n: number | undefined, digits = 0): string {
  if (n === undefined) return '';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain-text table: name, figure, baseline, ratio (ours/raw) and goal. */
export function formatResultsTable(results: readonly BenchResult[]): string {
  const rows = [
    ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'goal'],
    ...results.map((r) => {
      const digits = r.value < 100 ? 1 : 0;
      return [
        r.name,
        fmt(r.value, digits),
        r.unit,
        fmt(r.baseline, digits),
        r.ratio === undefined ? '' : r.ratio.toFixed(2),
        r.goal === undefined ? '' : `≥ ${r.goal.toFixed(2)}`,
      ];
    }),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}
