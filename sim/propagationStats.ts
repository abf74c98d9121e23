/** Shares of nodes (percent) whose reach time is reported: "time until 50/90/100% of nodes hold it". */
export const REACH_LEVELS = [50, 90, 100] as const;
/** Percentiles over transactions of those times (100 = the slowest transaction). */
export const TX_PERCENTILES = [50, 90, 100] as const;

export type ReachLevel = (typeof REACH_LEVELS)[number];
export type TxPercentile = (typeof TX_PERCENTILES)[number];

/** One row of the reach table: over all transactions, how long until `level`% of nodes held each. */
export interface ReachRow {
  readonly level: ReachLevel;
  /** Milliseconds after the origin node took it in; null when too few transactions got that far. */
  readonly p50: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/** A propagation curve: `fraction` of nodes hold the transaction `t` ms after its origin took it in, for the `percentile`-th transaction. */
export interface PropagationCurve {
  readonly percentile: TxPercentile;
  readonly points: ReadonlyArray<{ readonly t: number; readonly fraction: number }>;
}

/** Points per curve at most: enough for a smooth line, few enough for a small page. */
export const CURVE_POINTS = 200;

/** Nearest-rank percentile (`p` in (0, 100]) of ascending `sorted`; Infinity stands for "never". */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The number of nodes that make up `level`% of `nodes` (at least one). */
export function nodesForLevel(level: number, nodes: number): number {
  return Math.max(1, Math.ceil((level / 100) * nodes));
}

const finiteOrNull = (x: number | undefined): number | null =>
  x === undefined || !Number.isFinite(x) ? null : x;

/**
 * Time for one transaction to reach `count` nodes, from its ascending arrival offsets (ms after the origin took it in);
 * Infinity when fewer nodes ever held it.
 */
export function timeToReach(sortedArrivals: readonly number[], count: number): number {
  return sortedArrivals[count - 1] ?? Infinity;
}

/** The reach table: for each level, the 50th/90th/100th percentile over transactions. */
export function reachTable(arrivals: ReadonlyArray<readonly number[]>, nodes: number): ReachRow[] {
  return REACH_LEVELS.map((level) => {
    const count = nodesForLevel(level, nodes);
    const times = arrivals.map((a) => timeToReach(a, count)).sort((x, y) => x - y);
    return {
      level,
      p50: finiteOrNull(percentile(times, 50)),
      p90: finiteOrNull(percentile(times, 90)),
      max: finiteOrNull(percentile(times, 100)),
    };
  });
}

/**
 * One curve per percentile over transactions: at each share of nodes, the time by which that percentile
 * of transactions had reached it. The 50% curve crosses the 90% line at the reach table's "90% of nodes,
 * p50" figure, and so on; the 100% curve is the slowest transaction at every share.
 */
export function propagationCurves(
  arrivals: ReadonlyArray<readonly number[]>,
  nodes: number,
): PropagationCurve[] {
  const counts = new Set<number>();
  for (let j = 1; j <= CURVE_POINTS; j++) counts.add(Math.max(1, Math.ceil((j / CURVE_POINTS) * nodes)));
  return TX_PERCENTILES.map((p) => {
    const points: Array<{ t: number; fraction: number }> = [];
    for (const count of counts) {
      const times = arrivals.map((a) => timeToReach(a, count)).sort((x, y) => x - y);
      const t = percentile(times, p);
      if (t === undefined || !Number.isFinite(t)) break;
      points.push({ t, fraction: Math.round((count / nodes) * 10_000) / 10_000 });
    }
    return { percentile: p, points };
  });
}
