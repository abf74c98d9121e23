import { createActor, setup } from 'xstate';
import { EventClock } from '../../../sim/eventClock';

describe('EventClock', () => {
  it('fires timers in order of due time, and in the order they were set when due together', () => {
    const clock = new EventClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('c@30'), 30);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('b@10'), 10);
    clock.setTimeout(() => fired.push('d@20'), 20);
    clock.advanceTo(100);
    expect(fired).toEqual(['a@10', 'b@10', 'd@20', 'c@30']);
    expect(clock.now()).toBe(100);
  });

  it('fires each timer at its own time, and a timer set by a callback starts at that moment', () => {
    const clock = new EventClock();
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => {
      fired.push(['first', clock.now()]);
      clock.setTimeout(() => fired.push(['chained', clock.now()]), 5);
      clock.setTimeout(() => fired.push(['same moment', clock.now()]), 0);
    }, 10);
    clock.setTimeout(() => fired.push(['later', clock.now()]), 12);
    clock.advanceTo(50);
    expect(fired).toEqual([
      ['first', 10],
      ['same moment', 10],
      ['later', 12],
      ['chained', 15],
    ]);
  });

  it('runs one instant at a time with runNext, including timers set for that instant while it runs', () => {
    const clock = new EventClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(1);
      clock.setTimeout(() => fired.push(2), 0);
    }, 7);
    clock.setTimeout(() => fired.push(3), 8);
    expect(clock.nextDue()).toBe(7);
    expect(clock.runNext()).toBe(7);
    expect(fired).toEqual([1, 2]);
    expect(clock.now()).toBe(7);
    expect(clock.runNext()).toBe(8);
    expect(clock.runNext()).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('never fires a cleared timer, even when most timers of every moment were cleared', () => {
    const clock = new EventClock();
    const fired: number[] = [];
    const ids: unknown[] = [];
    for (let i = 0; i < 5000; i++) ids.push(clock.setTimeout(() => fired.push(i), 1000 + (i % 97)));
    for (let i = 0; i < 5000; i++) if (i % 10 !== 0) clock.clearTimeout(ids[i]);
    expect(clock.pendingTimers).toBe(500);
    clock.advanceTo(2000);
    const expected = Array.from({ length: 500 }, (_, k) => k * 10).sort(
      (x, y) => (x % 97) - (y % 97) || x - y,
    );
    expect(fired).toEqual(expected);
  });

  it('skips a moment whose timers were all cleared, and ignores clearing a fired or cleared timer', () => {
    const clock = new EventClock();
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a@5'), 5);
    const b = clock.setTimeout(() => fired.push('b@5'), 5);
    clock.setTimeout(() => fired.push('c@9'), 9);
    clock.clearTimeout(a);
    clock.clearTimeout(b);
    clock.clearTimeout(b);
    expect(clock.nextDue()).toBe(9);
    // The same moment set again after its bucket went: a fresh timer there fires.
    const d = clock.setTimeout(() => fired.push('d@5'), 5);
    expect(clock.runNext()).toBe(5);
    clock.clearTimeout(d);
    expect(clock.runNext()).toBe(9);
    expect(clock.runNext()).toBeUndefined();
    expect(fired).toEqual(['d@5', 'c@9']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps a moment running when a callback clears the rest of it, and fires what is set for it after', () => {
    const clock = new EventClock();
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('a');
      clock.clearTimeout(later);
      clock.setTimeout(() => fired.push('c'), 0);
    }, 3);
    const later = clock.setTimeout(() => fired.push('b'), 3);
    expect(clock.runNext()).toBe(3);
    expect(fired).toEqual(['a', 'c']);
    expect(clock.nextDue()).toBeUndefined();
  });

  it('counts the timers set as counted until they fire or are cleared', () => {
    const clock = new EventClock();
    clock.setCountedTimeout(() => undefined, 2);
    const cleared = clock.setCountedTimeout(() => undefined, 4);
    clock.setTimeout(() => undefined, 1);
    expect(clock.pendingCounted).toBe(2);
    expect(clock.pendingTimers).toBe(3);
    clock.clearTimeout(cleared);
    expect(clock.pendingCounted).toBe(1);
    clock.advanceTo(2);
    expect(clock.pendingCounted).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('serves as the clock of an XState actor, firing its delayed transition at the simulated time', () => {
    const machine = setup({}).createMachine({
      initial: 'waiting',
      states: { waiting: { after: { 2000: 'done' } }, done: {} },
    });
    const clock = new EventClock();
    const actor = createActor(machine, { clock }).start();
    clock.advanceTo(1999);
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.advanceTo(2000);
    expect(actor.getSnapshot().value).toBe('done');
    actor.stop();
  });
});
