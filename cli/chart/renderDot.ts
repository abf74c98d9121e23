import type { ChartGraph, ChartState, ChartTransition } from './chartGraph';
import { ChartTree } from './chartTree';
import { transitionLabel } from './transitionLabel';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const clusterOf = (id: string): string => quote(`cluster_${id}`);

/**
 * Renders a ChartGraph for Graphviz: compound states are clusters holding a point node with the
 * state's own id (its entry dot, from which the initial arrow starts), so arrows to and from a compound
 * state attach to that node and are clipped at the cluster's border (`lhead` / `ltail`).
 */
export function renderDot(graph: ChartGraph): string {
  const tree = new ChartTree(graph);
  const lines: string[] = [
    `digraph ${quote(graph.machine)} {`,
    '  compound=true;',
    '  node [shape=box, style=rounded];',
  ];

  const renderState = (state: ChartState, depth: number): void => {
    const pad = '  '.repeat(depth);
    const children = tree.children(state.id);
    if (children.length === 0) {
      const final = state.final === true ? ', peripheries=2' : '';
      lines.push(`${pad}${quote(state.id)} [label=${quote(state.key)}${final}];`);
      return;
    }
    lines.push(`${pad}subgraph ${clusterOf(state.id)} {`);
    lines.push(`${pad}  label=${quote(state.key)};`);
    lines.push(`${pad}  ${quote(state.id)} [shape=point, label=""];`);
    for (const child of children) {
      renderState(child, depth + 1);
      if (child.initial === true) {
        lines.push(`${pad}  ${quote(state.id)} -> ${quote(child.id)} [comment="initial", style=bold];`);
      }
    }
    lines.push(`${pad}}`);
  };

  const edge = (transition: ChartTransition): string => {
    const source = transition.source;
    const target = transition.target ?? source;
    const attributes = [`label=${quote(transitionLabel(transition))}`];
    if (transition.target === undefined) attributes.push('style=dashed');
    else if (transition.kind === 'delayed') attributes.push('style=dotted');
    if (source !== target && tree.children(source).length > 0 && !tree.isDescendant(target, source)) {
      attributes.push(`ltail=${clusterOf(source)}`);
    }
    if (source !== target && tree.children(target).length > 0 && !tree.isDescendant(source, target)) {
      attributes.push(`lhead=${clusterOf(target)}`);
    }
    return `  ${quote(source)} -> ${quote(target)} [${attributes.join(', ')}];`;
  };

  renderState(tree.root, 1);
  for (const transition of graph.transitions) lines.push(edge(transition));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
