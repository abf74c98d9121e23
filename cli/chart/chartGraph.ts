import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** One state node of the machine (the root included: machine-level transitions start from it). */
export interface ChartState {
  /** The state node's id as XState knows it (`peer.connected.active`), unique in the machine. */
  readonly id: string;
  /** Its key within the parent (`active`); the machine id for the root. */
  readonly key: string;
  readonly parent?: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The parent's initial child. */
  readonly initial?: true;
  readonly final?: true;
}

export interface ChartDelay {
  /** The delay's name (`helloTimeout`), or the literal milliseconds for `after: { 2000: … }`. */
  readonly name: string;
  /** Duration when it could be resolved (literal, implementation, context or defaults). */
  readonly ms?: number;
}

export interface ChartTransition {
  readonly source: string;
  /** Absent for a targetless transition (actions only; the state is neither left nor re-entered). */
  readonly target?: string;
  /** `event` for `on`, `delayed` for `after`, `always` for eventless transitions. */
  readonly kind: 'event' | 'delayed' | 'always';
  /** The event type that triggers it (XState's `xstate.after.<delay>.<id>` for delays, '' for always). */
  readonly event: string;
  /** The guard's name, e.g. `isFull`, `not(isFull)`, `and(a, b)`. */
  readonly guard?: string;
  readonly delay?: ChartDelay;
}

/** A neutral model of a machine's chart that the mermaid, dot and json renderers share. */
export interface ChartGraph {
  readonly machine: string;
  readonly states: readonly ChartState[];
  readonly transitions: readonly ChartTransition[];
}

export interface ChartOptions {
  /**
   * Durations of named delays, used when the machine's implementation is a function of context that
   * cannot be evaluated here (pocnode passes the timers of DEFAULT_NODE_CONFIG: helloTimeout → 5000).
   */
  readonly delayDefaults?: Readonly<Record<string, number>>;
  /** A context to evaluate delay functions with, when the caller has one. */
  readonly context?: unknown;
}

interface GuardShape {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly guards?: unknown;
  readonly check?: unknown;
  readonly stateValue?: unknown;
}

/** A readable name for a guard: named, parameterised, higher-order (`not`/`and`/`or`/`stateIn`) or inline. */
export function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function' || (typeof guard === 'object' && guard !== null)) {
    const shape = guard as GuardShape;
    if (typeof shape.type === 'string') return shape.type;
    const name = typeof shape.name === 'string' && shape.name !== '' ? shape.name : 'inline';
    if (typeof shape.check === 'function' && Array.isArray(shape.guards)) {
      return `${name}(${(shape.guards as unknown[]).map(guardName).join(', ')})`;
    }
    if (typeof shape.check === 'function' && shape.stateValue !== undefined) {
      return `${name}(${JSON.stringify(shape.stateValue)})`;
    }
    return name;
  }
  return 'inline';
}

function resolveDelay(delay: unknown, machine: AnyStateMachine, options: ChartOptions): ChartDelay {
  if (typeof delay === 'number') return { name: String(delay), ms: delay };
  if (typeof delay !== 'string') return { name: 'inline' };
  const implementation: unknown = (machine.implementations.delays as Record<string, unknown>)[delay];
  if (typeof implementation === 'number') return { name: delay, ms: implementation };
  if (typeof implementation === 'function' && options.context !== undefined) {
    try {
      const ms: unknown = (implementation as (args: unknown, params: unknown) => unknown)(
        { context: options.context, event: { type: 'xstate.init' } },
        undefined,
      );
      if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return { name: delay, ms };
    } catch {
      // The context given does not fit this delay; fall back to the defaults below.
    }
  }
  const fallback = options.delayDefaults?.[delay];
  return fallback === undefined ? { name: delay } : { name: delay, ms: fallback };
}

/**
 * Walks an XState v5 machine's own definition (`machine.root`, its `.states`, `.transitions`,
 * `.after`, `.always`, `.initial`) into a ChartGraph, so the chart can never drift from the code.
 */
export function machineToGraph(machine: AnyStateMachine, options: ChartOptions = {}): ChartGraph {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];

  const visit = (node: AnyStateNode, initial: boolean): void => {
    states.push({
      id: node.id,
      key: node.parent === undefined ? node.id : node.key,
      ...(node.parent === undefined ? {} : { parent: node.parent.id }),
      type: node.type,
      ...(initial ? { initial: true as const } : {}),
      ...(node.type === 'final' ? { final: true as const } : {}),
    });

    const delays = new Map<unknown, unknown>(node.after.map((t) => [t, t.delay]));
    const eventTransitions = [...node.transitions.values()].flat();
    for (const t of [...eventTransitions, ...(node.always ?? [])]) {
      const eventType = String(t.eventType);
      const kind = delays.has(t)
        ? 'delayed'
        : eventType === '' || node.always?.includes(t)
          ? 'always'
          : 'event';
      const common = {
        source: node.id,
        kind,
        event: kind === 'always' ? '' : eventType,
        ...(t.guard === undefined ? {} : { guard: guardName(t.guard) }),
        ...(kind === 'delayed' ? { delay: resolveDelay(delays.get(t), machine, options) } : {}),
      } as const;
      const targets = t.target ?? [];
      if (targets.length === 0) transitions.push(common);
      for (const target of targets) transitions.push({ ...common, target: target.id });
    }

    const initialChildren = new Set(node.type === 'compound' ? node.initial.target : []);
    for (const child of Object.values(node.states)) visit(child, initialChildren.has(child));
  };

  visit(machine.root, false);
  return { machine: machine.id, states, transitions };
}
