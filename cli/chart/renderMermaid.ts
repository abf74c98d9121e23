import type { ChartGraph, ChartState, ChartTransition } from './chartGraph';
import { ChartTree } from './chartTree';
import { transitionLabel } from './transitionLabel';

/** Mermaid entity codes for the characters that end a label or start a comment. */
function escapeText(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/;/g, '#59;');
}

/**
 * Mermaid ids allow letters, digits and `_` only, and some words (`end`, `state`) are reserved: every
 * id gets an `s_` prefix and a numeric suffix should two XState ids map to the same text.
 */
function mermaidIds(states: readonly ChartState[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const state of states) {
    const base = `s_${state.id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(state.id, id);
  }
  return ids;
}

/** Where a transition line goes: the innermost block enclosing both ends ('' = the diagram's top level). */
function containerOf(tree: ChartTree, transition: ChartTransition): string {
  const sourceUp = tree.ancestry(transition.source).slice(1);
  const targetUp = tree.ancestry(transition.target ?? transition.source).slice(1);
  return sourceUp.find((id) => targetUp.includes(id)) ?? '';
}

/** Renders a ChartGraph as a mermaid `stateDiagram-v2`, compound states as nested blocks. */
export function renderMermaid(graph: ChartGraph): string {
  const tree = new ChartTree(graph);
  const ids = mermaidIds(graph.states);
  const idOf = (stateId: string): string => ids.get(stateId) ?? stateId;

  const edgesByContainer = new Map<string, string[]>();
  for (const transition of graph.transitions) {
    const container = containerOf(tree, transition);
    const line = `${idOf(transition.source)} --> ${idOf(transition.target ?? transition.source)} : ${escapeText(transitionLabel(transition))}`;
    edgesByContainer.set(container, [...(edgesByContainer.get(container) ?? []), line]);
  }

  const lines: string[] = ['stateDiagram-v2'];
  const renderState = (state: ChartState, depth: number): void => {
    const pad = '  '.repeat(depth);
    const id = idOf(state.id);
    lines.push(`${pad}state "${escapeText(state.key)}" as ${id}`);
    const children = tree.children(state.id);
    if (children.length === 0) return;
    lines.push(`${pad}state ${id} {`);
    children.forEach((child, index) => {
      // Regions of a parallel state are separated by `--` in mermaid.
      if (state.type === 'parallel' && index > 0) lines.push(`${pad}  --`);
      if (child.initial === true) lines.push(`${pad}  [*] --> ${idOf(child.id)}`);
      renderState(child, depth + 1);
      if (child.final === true) lines.push(`${pad}  ${idOf(child.id)} --> [*]`);
    });
    for (const edge of edgesByContainer.get(state.id) ?? []) lines.push(`${pad}  ${edge}`);
    lines.push(`${pad}}`);
  };

  lines.push(`  [*] --> ${idOf(tree.root.id)}`);
  renderState(tree.root, 1);
  for (const edge of edgesByContainer.get('') ?? []) lines.push(`  ${edge}`);
  return `${lines.join('\n')}\n`;
}
