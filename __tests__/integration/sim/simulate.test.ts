import { toHex, transactionHash } from '../../../chain';
import { Prng } from '../../../sim/prng';
import { createSignedTransactions } from '../../../sim/signedTransactions';
import type { SimulationResult } from '../../../sim/simulate';
import { simulate } from '../../../sim/simulate';
import { SimulationErrorCode } from '../../../sim/simulationError';

describe('simulate', () => {
  const options = { nodes: 20, degree: 4, txs: 4, seed: 7 };
  let first: SimulationResult;

  beforeAll(async () => {
    first = await simulate(options);
  });

  it('brings every transaction to every node of a 20-node network', () => {
    expect(first.complete).toBe(true);
    expect(first.failedInjections).toBe(0);
    expect(first.topology).toEqual({ links: 40, minDegree: 4, maxDegree: 4 });
    // Both ends of every link finished the handshake before the first transaction.
    expect(first.handshakes).toBe(2 * first.topology.links);
    for (const tx of first.transactions) expect(tx.reached).toBe(20);
    // The transactions are the seed's signed ones, each injected once inside the window.
    const expected = createSignedTransactions(4, new Prng(7, 'transactions')).map((tx) =>
      toHex(transactionHash(tx)),
    );
    expect(first.transactions.map((tx) => tx.hash)).toEqual(expected);
    // Injected inside the window [1000, 3000); the client's Hello round trip and Transactions frame take
    // up to three link latencies before the origin holds it.
    for (const tx of first.transactions) {
      expect(tx.injectedAtMs).toBeGreaterThanOrEqual(1000 + 2);
      expect(tx.injectedAtMs).toBeLessThan(3000 + 3 * 50);
    }
  });

  it('reports figures that add up', () => {
    const { nodes, txs, degree } = first.options;
    // Every copy a node received came in a frame from a peer, or from the injecting client.
    expect(first.deliveries).toBe(first.txFrames + txs);
    // Each node's first copy of each transaction is not a duplicate; every other copy is.
    expect(first.duplicates).toBe(first.deliveries - nodes * txs);
    expect(first.duplicates).toBeGreaterThanOrEqual(0);
    // A node relays a new transaction to its other peers that have not sent it: at most degree − 1 each,
    // at least one link carries it per node reached after the first.
    expect(first.txFrames).toBeGreaterThanOrEqual((nodes - 1) * txs);
    expect(first.txFrames).toBeLessThanOrEqual(nodes * (degree - 1) * txs + txs);
    expect(first.framesPerTxPerNode).toBeCloseTo(first.txFrames / (nodes * txs), 3);
    expect(first.framesPerTxPerNode).toBeGreaterThan(degree / 2);
    expect(first.framesPerTxPerNode).toBeLessThanOrEqual(degree);
  });

  it('reports reach times that grow with the share of nodes and with the percentile', () => {
    const [r50, r90, r100] = first.reachMs;
    expect(first.reachMs.map((r) => r.level)).toEqual([50, 90, 100]);
    for (const r of first.reachMs) {
      expect(r.p50).not.toBeNull();
      // At least one link's latency (the origin itself is 1 node of 20), at most a walk across the
      // network's links at 50 ms each.
      expect(r.p50!).toBeGreaterThanOrEqual(1);
      expect(r.p50!).toBeLessThanOrEqual(r.p90!);
      expect(r.p90!).toBeLessThanOrEqual(r.max!);
      expect(r.max!).toBeLessThan(20 * 50);
    }
    expect(r50!.p50!).toBeLessThanOrEqual(r90!.p50!);
    expect(r90!.p50!).toBeLessThanOrEqual(r100!.p50!);
    // Figures are taken once the last transaction to enter had spread too.
    expect(first.simulatedMs).toBeGreaterThan(Math.max(...first.transactions.map((t) => t.injectedAtMs!)));
    expect(first.curves.map((c) => c.percentile)).toEqual([50, 90, 100]);
  });

  it('gives the identical result for the same seed', async () => {
    const again = await simulate(options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });

  it('gives another network and other figures for another seed', async () => {
    const other = await simulate({ ...options, seed: 8 });
    expect(other.complete).toBe(true);
    expect(other.transactions.map((t) => t.hash)).not.toEqual(first.transactions.map((t) => t.hash));
    expect(JSON.stringify(other.reachMs) + JSON.stringify(other.curves)).not.toBe(
      JSON.stringify(first.reachMs) + JSON.stringify(first.curves),
    );
  });

  it('stops at the time limit and says the run is incomplete', async () => {
    // Every transaction is injected in the first millisecond of the window and the run ends right there.
    const cut = await simulate({
      nodes: 10,
      degree: 3,
      txs: 2,
      seed: 7,
      injectWindowMs: 1,
      timeLimitMs: 1001,
    });
    expect(cut.complete).toBe(false);
    expect(cut.simulatedMs).toBe(1001);
    expect(cut.transactions.every((t) => t.reached < 10)).toBe(true);
    expect(cut.reachMs.find((r) => r.level === 100)).toEqual({ level: 100, p50: null, p90: null, max: null });
  });

  it.each([
    [{ nodes: 1 }],
    [{ degree: 20 }],
    [{ degree: 1 }],
    [{ txs: 0 }],
    [{ txs: 5000 }],
    [{ seed: -1 }],
    [{ seed: 1.5 }],
    [{ nodes: Number.NaN }],
    [{ minLatencyMs: 0 }],
    [{ maxLatencyMs: 0 }],
    [{ timeLimitMs: 10 }],
  ])('refuses bad options before building anything: %p', async (bad) => {
    await expect(simulate({ ...options, ...bad })).rejects.toMatchObject({
      code: SimulationErrorCode.BadOption,
    });
  });
});
