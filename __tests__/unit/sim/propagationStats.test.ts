import {
  nodesForLevel,
  percentile,
  propagationCurves,
  reachTable,
  timeToReach,
} from '../../../sim/propagationStats';

describe('propagation statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 1)).toBe(10);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('counts the nodes that make up a share, rounding up', () => {
    expect(nodesForLevel(50, 20)).toBe(10);
    expect(nodesForLevel(90, 20)).toBe(18);
    expect(nodesForLevel(90, 21)).toBe(19);
    expect(nodesForLevel(100, 21)).toBe(21);
    expect(nodesForLevel(50, 1)).toBe(1);
  });

  it('gives the time at which the k-th node got the transaction, or never', () => {
    expect(timeToReach([1, 5, 9], 2)).toBe(5);
    expect(timeToReach([1, 5, 9], 4)).toBe(Infinity);
  });

  it('tabulates reach times over transactions, with null where too few got that far', () => {
    // 10 nodes, 3 transactions; the third never reached the last node.
    const arrivals = [
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      [5, 15, 25, 35, 45, 55, 65, 75, 85, 95],
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    ];
    expect(reachTable(arrivals, 10)).toEqual([
      // 5 nodes: [5, 45, 50] → ranks 2, 3, 3.
      { level: 50, p50: 45, p90: 50, max: 50 },
      // 9 nodes: [9, 85, 90].
      { level: 90, p50: 85, p90: 90, max: 90 },
      // 10 nodes: [95, 100, never].
      { level: 100, p50: 100, p90: null, max: null },
    ]);
  });

  it('draws one curve per percentile, each rising in time and share, crossing the table at its figures', () => {
    const arrivals = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: 20 }, (_, i) => (i + 1) * (k + 1)),
    );
    const curves = propagationCurves(arrivals, 20);
    expect(curves.map((c) => c.percentile)).toEqual([50, 90, 100]);
    const table = reachTable(arrivals, 20);
    for (const curve of curves) {
      expect(curve.points.length).toBe(20);
      for (let i = 1; i < curve.points.length; i++) {
        expect(curve.points[i]!.t).toBeGreaterThanOrEqual(curve.points[i - 1]!.t);
        expect(curve.points[i]!.fraction).toBeGreaterThan(curve.points[i - 1]!.fraction);
      }
      expect(curve.points[curve.points.length - 1]!.fraction).toBe(1);
    }
    const at = (p: number, fraction: number): number | undefined =>
      curves.find((c) => c.percentile === p)!.points.find((pt) => pt.fraction === fraction)?.t;
    expect(at(50, 0.5)).toBe(table[0]!.p50);
    expect(at(90, 0.9)).toBe(table[1]!.p90);
    expect(at(100, 1)).toBe(table[2]!.max);
  });
});
