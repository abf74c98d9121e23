import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * An independent reading of a machine and of the three chart formats, for tests: what the machine
 * defines (walked from `machine.root` here, not by the generator) and what each output shows.
 * States are compared by their path (`running.cooling`), transitions as `source -> target : label`.
 */
export interface ChartFacts {
  /** path → how it is drawn ('' for the root). */
  readonly states: Map<string, { parent: string | undefined; initial: boolean; final: boolean }>;
  /** `sourcePath -> targetPath : label`, sorted; a targetless transition points at its source. */
  readonly edges: string[];
}

function guardText(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  const shape = guard as { type?: unknown; name?: string; guards?: unknown[] };
  if (typeof shape.type === 'string') return shape.type;
  if (Array.isArray(shape.guards)) return `${shape.name}(${shape.guards.map(guardText).join(', ')})`;
  return shape.name ?? 'inline';
}

/** What the machine defines; `delayMs(name)` gives the duration expected for a named delay. */
export function machineFacts(
  machine: AnyStateMachine,
  delayMs: (name: string) => number | undefined,
): ChartFacts {
  const states: ChartFacts['states'] = new Map();
  const edges: string[] = [];
  const pathOf = (node: AnyStateNode): string => node.path.join('.');
  const walk = (node: AnyStateNode): void => {
    const parent = node.parent;
    states.set(pathOf(node), {
      parent: parent === undefined ? undefined : pathOf(parent),
      initial: parent?.type === 'compound' && parent.initial.target.includes(node),
      final: node.type === 'final',
    });
    const delayed = new Map<unknown, unknown>(node.after.map((t) => [t, t.delay]));
    const always = node.always ?? [];
    for (const t of [...[...node.transitions.values()].flat(), ...always]) {
      let label: string;
      if (delayed.has(t)) {
        const delay = delayed.get(t);
        const ms = typeof delay === 'number' ? delay : delayMs(String(delay));
        label =
          typeof delay === 'number'
            ? `after ${delay} ms`
            : `after ${String(delay)}${ms === undefined ? '' : ` (${ms} ms)`}`;
      } else {
        label = always.includes(t) ? 'always' : String(t.eventType);
      }
      if (t.guard !== undefined) label += ` [${guardText(t.guard)}]`;
      const targets = t.target ?? [];
      if (targets.length === 0) edges.push(`${pathOf(node)} -> ${pathOf(node)} : ${label} (targetless)`);
      for (const target of targets) edges.push(`${pathOf(node)} -> ${pathOf(target)} : ${label}`);
    }
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return { states, edges: edges.sort() };
}

function decodeMermaid(text: string): string {
  return text.replace(/#(35|quot|59);/g, (_, code: string) =>
    code === '35' ? '#' : code === 'quot' ? '"' : ';',
  );
}

/** Reads back what a mermaid stateDiagram-v2 of ours shows. */
export function mermaidFacts(text: string): ChartFacts {
  const labelOf = new Map<string, string>();
  const parentOf = new Map<string, string | undefined>();
  const initial = new Set<string>();
  const final = new Set<string>();
  const rawEdges: Array<[string, string, string]> = [];
  const stack: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^state "(.*)" as (\w+)$/.exec(line))) {
      labelOf.set(m[2]!, decodeMermaid(m[1]!));
      parentOf.set(m[2]!, stack[stack.length - 1]);
    } else if ((m = /^state (\w+) \{$/.exec(line))) stack.push(m[1]!);
    else if (line === '}') stack.pop();
    else if ((m = /^\[\*\] --> (\w+)$/.exec(line))) initial.add(m[1]!);
    else if ((m = /^(\w+) --> \[\*\]$/.exec(line))) final.add(m[1]!);
    else if ((m = /^(\w+) --> (\w+) : (.*)$/.exec(line))) rawEdges.push([m[1]!, m[2]!, decodeMermaid(m[3]!)]);
  }
  const pathOf = (id: string): string => {
    const parent = parentOf.get(id);
    if (parent === undefined) return '';
    const up = pathOf(parent);
    return up === '' ? labelOf.get(id)! : `${up}.${labelOf.get(id)!}`;
  };
  const states: ChartFacts['states'] = new Map();
  for (const id of labelOf.keys()) {
    const parent = parentOf.get(id);
    states.set(pathOf(id), {
      parent: parent === undefined ? undefined : pathOf(parent),
      // The diagram's own `[*] --> root` is the machine's start, not a parent's initial child.
      initial: parent !== undefined && initial.has(id),
      final: final.has(id),
    });
  }
  const edges = rawEdges.map(([from, to, label]) => `${pathOf(from)} -> ${pathOf(to)} : ${label}`);
  return { states, edges: edges.sort() };
}

function unquote(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Reads back what a dot digraph of ours shows; `idToPath` maps XState ids to paths. */
export function dotFacts(text: string, idToPath: (id: string) => string): ChartFacts {
  const states: ChartFacts['states'] = new Map();
  const edges: string[] = [];
  const stack: string[] = [];
  const initialEdges: Array<[string, string]> = [];
  const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
  for (const line of text.split('\n').map((l) => l.trim())) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^subgraph ${QUOTED} \\{$`).exec(line)))
      stack.push(unquote(m[1]!).replace(/^cluster_/, ''));
    else if (line === '}') stack.pop();
    else if ((m = new RegExp(`^${QUOTED} -> ${QUOTED} \\[(.*)\\];$`).exec(line))) {
      const [from, to, attributes] = [unquote(m[1]!), unquote(m[2]!), m[3]!];
      if (attributes.includes('comment="initial"')) initialEdges.push([from, to]);
      else {
        const label = unquote(new RegExp(`label=${QUOTED}`).exec(attributes)![1]!);
        edges.push(`${idToPath(from)} -> ${idToPath(to)} : ${label}`);
      }
    } else if ((m = new RegExp(`^${QUOTED} \\[(.*)\\];$`).exec(line))) {
      const id = unquote(m[1]!);
      // Inside its own cluster, a compound state's node is the cluster's entry point.
      const parent = stack[stack.length - 1] === id ? stack[stack.length - 2] : stack[stack.length - 1];
      states.set(idToPath(id), {
        parent: parent === undefined ? undefined : idToPath(parent),
        initial: false,
        final: m[2]!.includes('peripheries=2'),
      });
    }
  }
  for (const [parent, child] of initialEdges) {
    const state = states.get(idToPath(child));
    if (state !== undefined && state.parent === idToPath(parent)) state.initial = true;
  }
  return { states, edges: edges.sort() };
}
