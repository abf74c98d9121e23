import type { Prng } from './prng';
import { SimulationError, SimulationErrorCode } from './simulationError';

/** An undirected link; `a` dials (outbound), `b` accepts (inbound). */
export interface Link {
  readonly a: number;
  readonly b: number;
}

export interface Topology {
  readonly nodes: number;
  readonly links: readonly Link[];
  /** Neighbours of each node. */
  readonly neighbours: ReadonlyArray<readonly number[]>;
  readonly minDegree: number;
  readonly maxDegree: number;
}

/** Tries at re-pairing a stub that would make a self-loop or a second link, before rewiring a link. */
const REPAIR_TRIES = 32;

/**
 * A random connected graph in which every node has `degree` neighbours (one node has one less when
 * `nodes·degree` is odd):
 * 1. a cycle through all nodes in a random order: connected, every node has 2 links;
 * 2. the remaining `degree − 2` "stubs" of every node are shuffled and paired in order (configuration
 *    model); a pair that would be a self-loop or a second link between the same nodes swaps its second
 *    stub with a random later one, and when that keeps failing (the last stubs of a dense graph) a link
 *    made from stubs is rewired to take the pair in (a double-edge swap, degrees unchanged).
 * Each link's dialling side is the first of the pair, so directions are random too.
 * @param degree at least 2 (a cycle), at most `nodes − 1`; with 2 nodes, degree 1
 * @throws SimulationError SIM_BAD_OPTION
 */
export function buildTopology(nodes: number, degree: number, prng: Prng): Topology {
  if (!Number.isInteger(nodes) || nodes < 2) {
    throw new SimulationError(SimulationErrorCode.BadOption, `nodes must be an integer ≥ 2, got ${nodes}`);
  }
  const minDegree = Math.min(2, nodes - 1);
  if (!Number.isInteger(degree) || degree < minDegree || degree > nodes - 1) {
    throw new SimulationError(
      SimulationErrorCode.BadOption,
      `degree must be an integer in [${minDegree}, ${nodes - 1}], got ${degree}`,
    );
  }
  const sets = Array.from({ length: nodes }, () => new Set<number>());
  const linked = (a: number, b: number): boolean => a === b || sets[a]!.has(b);
  const connect = (a: number, b: number): void => {
    sets[a]!.add(b);
    sets[b]!.add(a);
  };
  const disconnect = (a: number, b: number): void => {
    sets[a]!.delete(b);
    sets[b]!.delete(a);
  };

  const order = prng.shuffle(Array.from({ length: nodes }, (_, i) => i));
  const ring: Link[] = [];
  const cycleLength = nodes === 2 ? 1 : nodes;
  for (let i = 0; i < cycleLength; i++) {
    const link = { a: order[i]!, b: order[(i + 1) % nodes]! };
    connect(link.a, link.b);
    ring.push(link);
  }

  const stubs: number[] = [];
  for (let node = 0; node < nodes; node++) for (let k = sets[node]!.size; k < degree; k++) stubs.push(node);
  prng.shuffle(stubs);
  const extra: Link[] = [];
  for (let i = 0; i + 1 < stubs.length; i += 2) {
    const a = stubs[i]!;
    for (let tries = 0; tries < REPAIR_TRIES && linked(a, stubs[i + 1]!) && i + 2 < stubs.length; tries++) {
      const j = prng.int(i + 2, stubs.length - 1);
      const b = stubs[i + 1]!;
      stubs[i + 1] = stubs[j]!;
      stubs[j] = b;
    }
    const b = stubs[i + 1]!;
    if (!linked(a, b)) {
      connect(a, b);
      extra.push({ a, b });
    } else swapIn(a, b);
  }

  /**
   * The last stubs may only pair into a self-loop or a second link (dense graphs): take a link c–d made
   * from stubs (never one of the cycle's, which keep the graph connected) and rewire it to a–c, b–d.
   */
  function swapIn(a: number, b: number): void {
    const start = extra.length > 0 ? prng.int(0, extra.length - 1) : 0;
    for (let n = 0; n < extra.length; n++) {
      const k = (start + n) % extra.length;
      const { a: c, b: d } = extra[k]!;
      for (const [x, y] of [
        [c, d],
        [d, c],
      ] as const) {
        if (linked(a, x) || linked(b, y) || (a === b && x === y)) continue;
        disconnect(c, d);
        connect(a, x);
        connect(b, y);
        extra[k] = { a, b: x };
        extra.push({ a: b, b: y });
        return;
      }
    }
    // No swap fits: these two stubs stay unused (the node keeps one or two links fewer).
  }

  const links = [...ring, ...extra];
  const neighbours = sets.map((s) => [...s]);
  let min = Infinity;
  let max = 0;
  for (const n of neighbours) {
    min = Math.min(min, n.length);
    max = Math.max(max, n.length);
  }
  return { nodes, links, neighbours, minDegree: min, maxDegree: max };
}
