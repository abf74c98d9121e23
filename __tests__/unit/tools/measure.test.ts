import { compareRates, compareRatesAsync } from '../../../tools/bench/measure';
import type { Workload } from '../../../tools/bench/measure';

// One pass a round: with rounds of 0 ms each side runs once (a round always runs at least one pass).
const options = { roundMs: 0, rounds: 4, warmupMs: 0 };

describe('compared rounds (tools/bench/measure.ts)', () => {
  it('run the two sides A B, B A, … after warming both up', () => {
    const order: string[] = [];
    const side = (name: string): Workload => ({ units: 1, bytes: 0, run: () => order.push(name) });
    compareRates(side('A'), side('B'), options);
    expect(order.join(' ')).toBe('A B A B B A A B B A');
  });

  it('do the same for asynchronous passes', async () => {
    const order: string[] = [];
    const side = (name: string) => () => Promise.resolve(order.push(name));
    await compareRatesAsync(side('A'), side('B'), options);
    expect(order.join(' ')).toBe('A B A B B A A B B A');
  });
});
