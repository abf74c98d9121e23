import { chartHandshakes, leastHandshakes } from '../../../tools/bench/handshakeSkeleton';
import type { SkeletonCounts } from '../../../tools/bench/handshakeSkeleton';
import { verdict } from '../../../tools/bench/handshakeBenchmark';

describe('handshake skeleton (tools/bench/handshakeSkeleton.ts)', () => {
  it.each([
    ['the least charts', leastHandshakes],
    ["the node's charts", chartHandshakes],
  ])('%s run every handshake to its end: four mailbox messages, the peer forgotten', (_, make) => {
    const counts: SkeletonCounts = { mailbox: 0, forgotten: 0 };
    const workload = make(counts);
    // run() returns how many peers are still in the table: none, each handshake ended before the next.
    expect(workload.run()).toBe(0);
    expect(workload.run()).toBe(0);
    workload.stop();
    expect(counts.forgotten).toBe(2 * workload.units);
    expect(counts.mailbox).toBe(2 * 4 * workload.units);
  });
});

describe('handshake verdict', () => {
  const costs = { busyUs: 600, frameworkUs: 450, leastFrameworkUs: 400, logUs: 30 };

  it('is out of reach for any XState node when even the least charts pass the budget', () => {
    expect(verdict({ ...costs, leastFrameworkUs: 510, frameworkUs: 560 })).toMatch(
      /^out of reach .* any node .*510 µs/,
    );
  });

  it('counts issue 6 log lines against the least charts', () => {
    expect(verdict({ ...costs, leastFrameworkUs: 480 })).toMatch(/^out of reach .* info lines .*510 µs/);
  });

  it('blames the charts when only their XState beyond the least passes the budget', () => {
    expect(verdict({ ...costs, frameworkUs: 480 })).toMatch(/charts as they are .*510 µs.* leave 70.0 µs/);
  });

  it('says what of pocnode would have to go when the framework leaves room', () => {
    expect(verdict(costs)).toBe(
      "within reach: pocnode's code, metrics, other libraries and their part of GC take 120 µs, of which 100 µs would have to go",
    );
  });

  it('is under the budget when the whole handshake is', () => {
    expect(verdict({ ...costs, busyUs: 490 })).toBe('under it in the profile window (490 µs)');
  });
});
