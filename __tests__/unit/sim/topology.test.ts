import { Prng } from '../../../sim/prng';
import { SimulationErrorCode } from '../../../sim/simulationError';
import type { Topology } from '../../../sim/topology';
import { buildTopology } from '../../../sim/topology';

function isConnected(t: Topology): boolean {
  const seen = new Uint8Array(t.nodes);
  const stack = [0];
  seen[0] = 1;
  let count = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const next of t.neighbours[node]!) {
      if (seen[next] === 1) continue;
      seen[next] = 1;
      count++;
      stack.push(next);
    }
  }
  return count === t.nodes;
}

/** No self-loop, no link twice, and the neighbour lists are the links. */
function expectSimpleGraph(t: Topology): void {
  const keys = new Set<string>();
  const faults: string[] = [];
  for (const { a, b } of t.links) {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b) faults.push(`self-loop ${key}`);
    if (keys.has(key)) faults.push(`twice ${key}`);
    if (!t.neighbours[a]!.includes(b) || !t.neighbours[b]!.includes(a)) faults.push(`not listed ${key}`);
    keys.add(key);
  }
  expect(faults).toEqual([]);
  const degreeSum = t.neighbours.reduce((sum, n) => sum + n.length, 0);
  expect(degreeSum).toBe(2 * t.links.length);
}

describe('buildTopology', () => {
  it.each([
    [20, 4],
    [21, 4],
    [21, 3],
    [15, 5],
    [50, 2],
    [30, 29],
    [2, 1],
    [3, 2],
  ])('builds a connected simple graph of %i nodes with degree %i on every node', (nodes, degree) => {
    const t = buildTopology(nodes, degree, new Prng(5, 'topology'));
    expect(isConnected(t)).toBe(true);
    expectSimpleGraph(t);
    // Every node gets its degree, but one when nodes·degree is odd (a stub has no partner).
    const short = t.neighbours.filter((n) => n.length !== degree);
    expect(short.map((n) => n.length)).toEqual((nodes * degree) % 2 === 0 ? [] : [degree - 1]);
  });

  it('keeps every degree exact over many seeds, dense graphs included', () => {
    for (let seed = 0; seed < 200; seed++) {
      for (const [nodes, degree] of [
        [12, 11],
        [12, 9],
        [16, 6],
      ] as const) {
        const t = buildTopology(nodes, degree, new Prng(seed, 'topology'));
        expect(isConnected(t)).toBe(true);
        expect(t.neighbours.every((n) => n.length === degree)).toBe(true);
      }
    }
  });

  it('gives a thousand nodes exactly eight links each', () => {
    const t = buildTopology(1000, 8, new Prng(1, 'topology'));
    expect(isConnected(t)).toBe(true);
    expectSimpleGraph(t);
    expect(t.links).toHaveLength(4000);
    expect(t.minDegree).toBe(8);
    expect(t.maxDegree).toBe(8);
  });

  it('is a function of the seed', () => {
    const a = buildTopology(40, 6, new Prng(11, 'topology'));
    const b = buildTopology(40, 6, new Prng(11, 'topology'));
    const c = buildTopology(40, 6, new Prng(12, 'topology'));
    expect(a.links).toEqual(b.links);
    expect(a.links).not.toEqual(c.links);
  });

  it.each([
    [1, 1],
    [10, 1],
    [10, 10],
    [10, 2.5],
  ])('refuses %p nodes with degree %p', (nodes, degree) => {
    expect(() => buildTopology(nodes, degree, new Prng(1))).toThrow(
      expect.objectContaining({ code: SimulationErrorCode.BadOption }) as Error,
    );
  });
});
