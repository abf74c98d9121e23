import { and, assign, not, setup } from 'xstate';

/**
 * A small machine with every shape the chart generator must draw: nested compound states, a parallel
 * state, named / parameterised / higher-order guards, delays given as a number, as a function of
 * context and as a literal, targetless transitions, an eventless transition, a custom state id and a
 * final state.
 */
export const fixtureMachine = setup({
  types: {
    context: {} as { count: number; timers: { retryMs: number } },
    events: {} as
      | { type: 'go' }
      | { type: 'inc' }
      | { type: 'fail' }
      | { type: 'retry' }
      | { type: 'toggle' }
      | { type: 'finish' }
      | { type: 'reset' },
  },
  guards: {
    isFull: ({ context }) => context.count >= 3,
    isEven: ({ context }) => context.count % 2 === 0,
    atLeast: ({ context }, params: { n: number }) => context.count >= params.n,
  },
  delays: {
    settle: 250,
    retry: ({ context }) => context.timers.retryMs,
  },
}).createMachine({
  id: 'fixture',
  context: { count: 0, timers: { retryMs: 1500 } },
  initial: 'idle',
  on: { reset: { target: '.idle' } },
  states: {
    idle: {
      on: {
        go: 'running',
        inc: { actions: assign({ count: ({ context }) => context.count + 1 }) },
      },
    },
    running: {
      initial: 'working',
      after: { 30000: { target: 'failed' } },
      states: {
        working: {
          on: {
            inc: [
              { guard: 'isFull', target: 'cooling' },
              { guard: not('isFull'), actions: assign({ count: ({ context }) => context.count + 1 }) },
            ],
            fail: '#fixture.failed',
          },
        },
        cooling: {
          after: { settle: { target: 'working' } },
          always: { guard: and(['isFull', 'isEven']), target: '#drained' },
        },
        drained: { id: 'drained', type: 'final' },
      },
      onDone: { target: 'finishing' },
    },
    failed: {
      after: {
        retry: [{ guard: { type: 'atLeast', params: { n: 1 } }, target: 'running' }, { target: 'done' }],
      },
      on: { retry: { target: 'running', reenter: true } },
    },
    finishing: {
      type: 'parallel',
      states: {
        left: {
          initial: 'on',
          states: { on: { on: { toggle: 'off' } }, off: { on: { toggle: 'on' } } },
        },
        right: { initial: 'waiting', states: { waiting: { on: { finish: { actions: [] } } } } },
      },
      on: { finish: 'done' },
    },
    done: { type: 'final' },
  },
});
