import { createActor, setup } from 'xstate';

/**
 * `node --expose-gc dist/tools/reliability/doneEventCache.js [children]`: XState alone, no node. A parent
 * machine creates children with `parent: self` (as the supervisor creates its peers), and each reaches its
 * final state, which sends the parent `xstate.done.actor.<child id>`. XState memoizes transition
 * candidates per event type on every state node, for the life of the machine definition. So children with
 * ids of their own (`peer-<n>`) leave one entry each, while children that share one id leave none. Prints
 * the heap kept per child after a full GC, for both.
 */

const child = setup({}).createMachine({
  initial: 'open',
  states: { open: { on: { close: 'closed' } }, closed: { type: 'final' } },
});

function bytesPerChild(children: number, idOf: (n: number) => string): number {
  let n = 0;
  const parent = setup({
    actions: {
      open: ({ self }) => {
        const ref = createActor(child, { id: idOf(n++), parent: self });
        ref.start();
        ref.send({ type: 'close' });
      },
    },
  }).createMachine({ on: { open: { actions: 'open' } } });
  const actor = createActor(parent).start();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 1000; i++) actor.send({ type: 'open' });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < children; i++) actor.send({ type: 'open' });
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  actor.stop(); // the parent stays referenced until here, as a node's supervisor does for its lifetime
  return Math.round(kept / children);
}

const children = Number(process.argv[2] ?? 50_000);
console.log(
  JSON.stringify({
    children,
    bytesPerChildWithOwnIds: bytesPerChild(children, (n) => `peer-${n}`),
    bytesPerChildWithOneId: bytesPerChild(children, () => 'peer'),
  }),
);
