import type { ChartGraph, ChartState } from './chartGraph';

/** Parent/child lookups over a ChartGraph's flat state list, for renderers that nest. */
export class ChartTree {
  readonly root: ChartState;
  private readonly byId = new Map<string, ChartState>();
  private readonly childrenById = new Map<string, ChartState[]>();

  constructor(graph: ChartGraph) {
    let root: ChartState | undefined;
    for (const state of graph.states) {
      this.byId.set(state.id, state);
      if (state.parent === undefined) root = state;
      else this.childrenById.set(state.parent, [...(this.childrenById.get(state.parent) ?? []), state]);
    }
    if (root === undefined) throw new Error(`chart of ${graph.machine} has no root state`);
    this.root = root;
  }

  children(id: string): readonly ChartState[] {
    return this.childrenById.get(id) ?? [];
  }

  /** The state and its ancestors, innermost first. */
  ancestry(id: string): string[] {
    const chain: string[] = [];
    for (let state = this.byId.get(id); state !== undefined; state = this.parentOf(state))
      chain.push(state.id);
    return chain;
  }

  isDescendant(id: string, ancestor: string): boolean {
    return id !== ancestor && this.ancestry(id).includes(ancestor);
  }

  private parentOf(state: ChartState): ChartState | undefined {
    return state.parent === undefined ? undefined : this.byId.get(state.parent);
  }
}
