import type { ChartGraph, ChartState } from '../chart/chartGraph';
import { transitionLabel } from '../chart/transitionLabel';

/** A box of the dashboard's chart: a state of the machine, or the dot that marks a parent's initial child. */
export interface DashboardChartNode {
  /** The state's XState id (`peer.active.idle`); `<parent>.#initial` for an initial dot. */
  readonly id: string;
  readonly label: string;
  /**
   * Keys from the root down (`active.idle`): where a peer's state value (`{ active: 'idle' }`) puts it,
   * whatever ids the states were given. Absent for initial dots.
   */
  readonly path?: string;
  /** The enclosing box's id; absent at the top level (the machine's root is the canvas itself). */
  readonly parent?: string;
  readonly kind: 'atomic' | 'compound' | 'final' | 'initial';
}

/** All transitions from one state to another, drawn as one arrow carrying every label. */
export interface DashboardChartEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly labels: readonly string[];
}

/** What `GET /chart.json` serves: the chart model reshaped for drawing, with nothing of its own. */
export interface DashboardChart {
  readonly machine: string;
  /** The root state's id: a peer's state value is a path below it. */
  readonly root: string;
  readonly nodes: readonly DashboardChartNode[];
  readonly edges: readonly DashboardChartEdge[];
  /**
   * Transitions that draw no arrow, listed beside their state: targetless ones (actions only) and the
   * machine-level ones of the root (`label → target`).
   */
  readonly notes: Readonly<Record<string, readonly string[]>>;
}

const INITIAL_SUFFIX = '.#initial';

function kindOf(state: ChartState): DashboardChartNode['kind'] {
  switch (state.type) {
    case 'compound':
    case 'parallel':
      return 'compound';
    case 'final':
      return 'final';
    case 'atomic':
    case 'history':
      return 'atomic';
  }
}

/**
 * Reshapes the generator's model (cli/chart, walked from the machine definition) for the dashboard:
 * parallel transitions between the same two states become one arrow, so the nine messages that are
 * Bad protocol before Hello (CONTRACT.md §3) do not draw nine arrows.
 */
export function dashboardChart(graph: ChartGraph): DashboardChart {
  const root = graph.states.find((s) => s.parent === undefined);
  if (root === undefined) throw new Error(`chart of ${graph.machine} has no root state`);
  const topLevel = (parent: string | undefined): string | undefined =>
    parent === root.id ? undefined : parent;

  const nodes: DashboardChartNode[] = [];
  const edges = new Map<string, { source: string; target: string; labels: string[] }>();
  const notes: Record<string, string[]> = {};
  const addEdge = (source: string, target: string, label: string | undefined): void => {
    const key = `${source}->${target}`;
    const edge = edges.get(key) ?? { source, target, labels: [] };
    if (label !== undefined) edge.labels.push(label);
    edges.set(key, edge);
  };
  const keyOf = new Map(graph.states.map((s) => [s.id, s.key]));
  const byId = new Map(graph.states.map((s) => [s.id, s]));
  const pathOf = (state: ChartState): string => {
    const keys: string[] = [];
    for (let s: ChartState | undefined = state; s !== undefined && s !== root; s = byId.get(s.parent ?? '')) {
      keys.unshift(s.key);
    }
    return keys.join('.');
  };

  for (const state of graph.states) {
    if (state === root) continue;
    const parent = topLevel(state.parent);
    nodes.push({
      id: state.id,
      label: state.key,
      path: pathOf(state),
      ...(parent === undefined ? {} : { parent }),
      kind: kindOf(state),
    });
    if (state.initial === true && state.parent !== undefined) {
      const dot = `${state.parent}${INITIAL_SUFFIX}`;
      nodes.push({ id: dot, label: '', ...(parent === undefined ? {} : { parent }), kind: 'initial' });
      addEdge(dot, state.id, undefined);
    }
  }

  for (const transition of graph.transitions) {
    const label = transitionLabel(transition);
    if (transition.target === undefined || transition.source === root.id) {
      const target =
        transition.target === undefined ? '' : ` → ${keyOf.get(transition.target) ?? transition.target}`;
      (notes[transition.source] ??= []).push(`${label}${target}`);
    } else {
      addEdge(transition.source, transition.target, label);
    }
  }

  return {
    machine: graph.machine,
    root: root.id,
    nodes,
    edges: [...edges.values()].map((e, i) => ({ id: `e${i}`, ...e })),
    notes,
  };
}
