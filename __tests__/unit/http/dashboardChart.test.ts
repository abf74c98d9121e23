import { createMachine } from 'xstate';

import { machineToGraph } from '../../../cli/chart/chartGraph';
import { delayDefaults } from '../../../cli/chart/chartMachines';
import { transitionLabel } from '../../../cli/chart/transitionLabel';
import { dashboardChart } from '../../../cli/http/dashboardChart';
import { peerMachine } from '../../../machines/peerMachine';

const peerGraph = machineToGraph(peerMachine, { delayDefaults: delayDefaults() });
const peerChart = dashboardChart(peerGraph);

/** Root-level transitions, a parallel state and a state with its own id: shapes the peer machine lacks. */
const shapes = createMachine({
  id: 'shapes',
  initial: 'a',
  on: { reset: '.a' },
  states: {
    a: { on: { go: 'b', poke: {} } },
    b: {
      type: 'parallel',
      states: {
        left: { initial: 'x', states: { x: { id: 'custom', on: { flip: 'y' } }, y: {} } },
        right: {},
      },
    },
  },
});

describe('dashboardChart', () => {
  it('draws every transition of the peer machine exactly once, as an arrow label or a note', () => {
    const drawn = [
      ...peerChart.edges.flatMap((e) => e.labels.map((label) => `${e.source}->${e.target}: ${label}`)),
      ...Object.entries(peerChart.notes).flatMap(([source, notes]) => notes.map((n) => `${source}: ${n}`)),
    ].sort();
    const expected = peerGraph.transitions
      .map((t) =>
        t.target === undefined
          ? `${t.source}: ${transitionLabel(t)}`
          : `${t.source}->${t.target}: ${transitionLabel(t)}`,
      )
      .sort();
    expect(drawn).toEqual(expected);
  });

  it('merges the transitions between two states into one arrow', () => {
    const pairs = peerChart.edges.map((e) => `${e.source}->${e.target}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const beforeHello = peerChart.edges.find(
      (e) => e.source === 'peer.awaitingHello.waitingForHello' && e.target === 'peer.disconnecting',
    );
    // Version, network, and the nine messages that are Bad protocol before Hello (CONTRACT.md §3).
    expect(beforeHello?.labels).toHaveLength(11);
    expect(beforeHello?.labels).toContain('wire.hello [wrongNetwork]');
  });

  it('nests states under their parents and marks each initial child with a dot', () => {
    expect(peerChart.root).toBe('peer');
    const ids = new Set(peerChart.nodes.map((n) => n.id));
    expect(ids.has('peer')).toBe(false);
    for (const node of peerChart.nodes)
      if (node.parent !== undefined) expect(ids.has(node.parent)).toBe(true);
    for (const edge of peerChart.edges)
      expect([ids.has(edge.source), ids.has(edge.target)]).toEqual([true, true]);
    const initialTargets = peerChart.edges
      .filter((e) => peerChart.nodes.find((n) => n.id === e.source)?.kind === 'initial')
      .map((e) => e.target)
      .sort();
    expect(initialTargets).toEqual([
      'peer.active.idle',
      'peer.awaitingHello',
      'peer.awaitingHello.waitingForHello',
    ]);
    expect(peerChart.nodes.find((n) => n.id === 'peer.active.pinging')).toEqual({
      id: 'peer.active.pinging',
      label: 'pinging',
      path: 'active.pinging',
      parent: 'peer.active',
      kind: 'atomic',
    });
    expect(peerChart.nodes.find((n) => n.id === 'peer.closed')?.kind).toBe('final');
  });

  it('gives each state the path a state value names it by, whatever its id', () => {
    const chart = dashboardChart(machineToGraph(shapes));
    const byId = new Map(chart.nodes.map((n) => [n.id, n]));
    expect(byId.get('custom')).toMatchObject({ path: 'b.left.x', parent: 'shapes.b.left', kind: 'atomic' });
    expect(byId.get('shapes.b')).toMatchObject({ path: 'b', kind: 'compound' });
    // Regions of a parallel state are all active: no initial dot in a parallel state.
    expect(chart.edges.filter((e) => e.target === 'shapes.b.left')).toEqual([]);
    expect(chart.notes).toEqual({ 'shapes.a': ['poke (targetless)'], shapes: ['reset → a'] });
  });
});
