import { describeGoal, formatNumber, goalMet } from './types';
import type { BenchResult } from './types';

function fmt(n: number | undefined): string {
  return n === undefined ? '' : formatNumber(n);
}

/** A plain-text table (name, figure, baseline, ratio, goal, met) followed by each row's note. */
export function formatResultsTable(results: readonly BenchResult[]): string {
  const rows = [
    ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'goal', 'met'],
    ...results.map((r) => {
      const met = goalMet(r);
      return [
        r.name,
        fmt(r.value),
        r.unit,
        fmt(r.baseline),
        r.ratio === undefined ? '' : r.ratio.toFixed(2),
        r.goal === undefined ? '' : describeGoal(r.goal),
        met === undefined ? '' : met ? 'yes' : 'NO',
      ];
    }),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows
    .map((r) =>
      r
        .map((cell, c) =>
          c === 0 || c === 2 || c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  const notes = results.filter((r) => r.note !== undefined).map((r) => `  ${r.name}: ${r.note}`);
  return notes.length > 0 ? `${table}\n${notes.join('\n')}` : table;
}
