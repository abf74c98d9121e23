import type { AnyStateMachine } from 'xstate';

import { DEFAULT_NODE_CONFIG } from '../../../../actors/nodeConfig';
import type { ChartGraph } from '../../../../cli/chart/chartGraph';
import { machineToGraph } from '../../../../cli/chart/chartGraph';
import { delayDefaults } from '../../../../cli/chart/chartMachines';
import { renderChart } from '../../../../cli/chart/renderChart';
import { transitionLabel } from '../../../../cli/chart/transitionLabel';
import { peerMachine } from '../../../../machines/peerMachine';
import { supervisorMachine } from '../../../../machines/supervisorMachine';
import type { ChartFacts } from './chartExpectations';
import { dotFacts, machineFacts, mermaidFacts } from './chartExpectations';
import { fixtureMachine } from './fixtureMachine';

/** The JSON output read back into the same facts (paths from the ids the JSON lists). */
function jsonFacts(text: string): ChartFacts {
  const graph = JSON.parse(text) as ChartGraph;
  const path = pathsOf(graph);
  const states: ChartFacts['states'] = new Map();
  for (const s of graph.states) {
    states.set(path(s.id), {
      parent: s.parent === undefined ? undefined : path(s.parent),
      initial: s.initial === true,
      final: s.final === true,
    });
  }
  const edges = graph.transitions.map(
    (t) => `${path(t.source)} -> ${path(t.target ?? t.source)} : ${transitionLabel(t)}`,
  );
  return { states, edges: edges.sort() };
}

function pathsOf(graph: ChartGraph): (id: string) => string {
  const byId = new Map(graph.states.map((s) => [s.id, s]));
  const path = (id: string): string => {
    const state = byId.get(id);
    if (state?.parent === undefined) return '';
    const up = path(state.parent);
    return up === '' ? state.key : `${up}.${state.key}`;
  };
  return path;
}

function expectEveryFormatToShowTheMachine(
  machine: AnyStateMachine,
  options: Parameters<typeof machineToGraph>[1],
  delayMs: (name: string) => number | undefined,
): void {
  const expected = machineFacts(machine, delayMs);
  const graph = machineToGraph(machine, options);
  const idToPath = (id: string): string => machine.getStateNodeById(id).path.join('.');
  const outputs: Record<string, ChartFacts> = {
    json: jsonFacts(renderChart(graph, 'json')),
    mermaid: mermaidFacts(renderChart(graph, 'mermaid')),
    dot: dotFacts(renderChart(graph, 'dot'), idToPath),
  };
  for (const [format, facts] of Object.entries(outputs)) {
    expect({ format, states: Object.fromEntries(facts.states) }).toEqual({
      format,
      states: Object.fromEntries(expected.states),
    });
    expect({ format, edges: facts.edges }).toEqual({ format, edges: expected.edges });
  }
}

describe('machineToGraph and the chart renderers', () => {
  const context = { count: 0, timers: { retryMs: 1500 } };

  it('show every state and transition of the fixture machine in mermaid, dot and json', () => {
    const ms = (name: string): number | undefined => ({ settle: 250, retry: 1500 })[name];
    expectEveryFormatToShowTheMachine(fixtureMachine, { context }, ms);
  });

  /** The duration a named delay should show: the `<name>Ms` timer of the default config, if there is one. */
  const defaultMs = (name: string): number | undefined => {
    const value: unknown = (DEFAULT_NODE_CONFIG as unknown as Record<string, unknown>)[`${name}Ms`];
    return typeof value === 'number' ? value : undefined;
  };

  it('show every state and transition of the supervisor machine in mermaid, dot and json', () => {
    expectEveryFormatToShowTheMachine(supervisorMachine, { delayDefaults: delayDefaults() }, defaultMs);
  });

  it('show every state and transition of the peer machine, its delays with the default timers', () => {
    const ms = defaultMs;
    expectEveryFormatToShowTheMachine(peerMachine, { delayDefaults: delayDefaults() }, ms);
    const delays = machineToGraph(peerMachine, { delayDefaults: delayDefaults() }).transitions.flatMap((t) =>
      t.delay === undefined ? [] : [t.delay],
    );
    expect(delays).toEqual(
      expect.arrayContaining([
        { name: 'helloTimeout', ms: 5000 },
        { name: 'pingInterval', ms: 10_000 },
        { name: 'pingTimeout', ms: 15_000 },
        { name: 'disconnectGrace', ms: 2000 },
      ]),
    );
  });

  it('finds all 14 states and 17 transitions of the fixture (a hand count, so a walk cannot miss both)', () => {
    const graph = machineToGraph(fixtureMachine, { context });
    expect(graph.states).toHaveLength(14);
    expect(graph.transitions).toHaveLength(17);
    expect(graph.machine).toBe('fixture');
    expect(graph.states.filter((s) => s.final).map((s) => s.id)).toEqual(['drained', 'fixture.done']);
    expect(graph.states.filter((s) => s.initial).map((s) => s.id)).toEqual([
      'fixture.idle',
      'fixture.running.working',
      'fixture.finishing.left.on',
      'fixture.finishing.right.waiting',
    ]);
    expect(graph.states.find((s) => s.id === 'fixture.finishing')?.type).toBe('parallel');
  });

  it('names guards: plain, parameterised and higher-order', () => {
    const guards = machineToGraph(fixtureMachine).transitions.flatMap((t) => (t.guard ? [t.guard] : []));
    expect(guards.sort()).toEqual(['and(isFull, isEven)', 'atLeast', 'isFull', 'not(isFull)']);
  });

  it('resolves delays from a literal, a number implementation, a function of the given context', () => {
    const delays = machineToGraph(fixtureMachine, { context }).transitions.flatMap((t) =>
      t.delay ? [t.delay] : [],
    );
    expect(delays).toEqual([
      { name: '30000', ms: 30000 },
      { name: 'settle', ms: 250 },
      { name: 'retry', ms: 1500 },
      { name: 'retry', ms: 1500 },
    ]);
  });

  it('falls back to the named defaults, then to the bare name, when a delay function cannot be evaluated', () => {
    const retry = (options: Parameters<typeof machineToGraph>[1]) =>
      machineToGraph(fixtureMachine, options).transitions.find((t) => t.delay?.name === 'retry')?.delay;
    expect(retry({ delayDefaults: { retry: 42 } })).toEqual({ name: 'retry', ms: 42 });
    expect(retry({ context: { wrong: true }, delayDefaults: { retry: 42 } })).toEqual({
      name: 'retry',
      ms: 42,
    });
    expect(retry({})).toEqual({ name: 'retry' });
  });

  it('keeps targetless transitions without a target and marks eventless ones as always', () => {
    const transitions = machineToGraph(fixtureMachine).transitions;
    expect(transitions.filter((t) => t.target === undefined).map((t) => `${t.source} ${t.event}`)).toEqual([
      'fixture.idle inc',
      'fixture.running.working inc',
      'fixture.finishing.right.waiting finish',
    ]);
    expect(transitions.filter((t) => t.kind === 'always')).toEqual([
      {
        source: 'fixture.running.cooling',
        target: 'drained',
        kind: 'always',
        event: '',
        guard: 'and(isFull, isEven)',
      },
    ]);
  });

  it('separates the regions of a parallel state in mermaid and attaches arrows to clusters in dot', () => {
    const graph = machineToGraph(fixtureMachine);
    const mermaid = renderChart(graph, 'mermaid');
    expect(mermaid).toMatch(/state "left" as s_fixture_finishing_left[\s\S]*\n\s*--\n[\s\S]*state "right"/);
    const dot = renderChart(graph, 'dot');
    expect(dot).toContain(
      '"fixture.running" -> "fixture.finishing" [label="xstate.done.state.fixture.running"',
    );
    expect(dot).toMatch(
      /"fixture.running" -> "fixture.finishing" \[[^\n]*ltail="cluster_fixture.running", lhead="cluster_fixture.finishing"\]/,
    );
  });
});
