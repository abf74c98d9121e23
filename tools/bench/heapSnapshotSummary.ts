import { readFileSync } from 'node:fs';

/**
 * A V8 heap snapshot (`v8.writeHeapSnapshot`) summed by kind of object: self size and count per key, so two
 * snapshots can be subtracted and the difference divided by the peers between them (tools/bench/heapPerPeer).
 *
 * Keys say what an object is, as far as the snapshot tells:
 * - a JS object by its constructor; a plain `Object` also by its first property names (`Object {connId, ref…}`),
 *   since most of a node's records are plain objects;
 * - a closure by its function's name, a closure context by the names of the closures that hold it;
 * - strings, numbers, closures, Sets, Maps, arrays and V8's internal arrays and maps by their kind, with the
 *   kind of their first retainer and its edge (`Set ← Actor.observers`, `(array) ← Set.table`), so a
 *   container shows where it is kept.
 */
export interface KindTotal {
  count: number;
  bytes: number;
}

export type HeapSummary = Map<string, KindTotal>;

interface RawSnapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[], ...unknown[]];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

/** Property names shown in a plain object's key. */
const SHOWN_PROPERTIES = 4;

export function summarizeHeapSnapshot(file: string): HeapSummary {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const { meta } = raw.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nodeFields;

  const typeOf = (i: number): string => nodeTypes[nodes[i * nodeFields + nType]!] ?? '?';
  const nameOf = (i: number): string => strings[nodes[i * nodeFields + nName]!] ?? '?';
  const edgeIsNamed = (t: string): boolean => t !== 'element' && t !== 'hidden';

  // First edges of each node, the first strong retainer of each node, the closures holding each context,
  // and the first property names of each object.
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nodeFields + nEdges]!;
  }
  firstEdge[count] = edges.length / edgeFields;
  const retainer = new Int32Array(count).fill(-1);
  // The retaining edge's name (a string index), or -1 for an element or hidden edge.
  const retainedAs = new Int32Array(count).fill(-1);
  const contextOwners = new Map<number, string[]>();
  const properties = new Map<number, string[]>();
  for (let from = 0; from < count; from++) {
    const fromType = typeOf(from);
    for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e++) {
      const at = e * edgeFields;
      const type = edgeTypes[edges[at + eType]!] ?? '?';
      if (type === 'weak' || type === 'shortcut') continue;
      const to = edges[at + eTo]! / nodeFields;
      const named = edgeIsNamed(type);
      if (retainer[to] === -1) {
        retainer[to] = from;
        if (named) retainedAs[to] = edges[at + eName]!;
      }
      const name = named ? (strings[edges[at + eName]!] ?? '?') : undefined;
      if (fromType === 'closure' && name === 'context') {
        const owners = contextOwners.get(to) ?? [];
        if (owners.length < 3) owners.push(nameOf(from) || '(anonymous)');
        contextOwners.set(to, owners);
      }
      if (fromType === 'object' && type === 'property' && name !== undefined && !name.startsWith('<symbol')) {
        const names = properties.get(from) ?? [];
        if (names.length <= SHOWN_PROPERTIES) names.push(name);
        properties.set(from, names);
      }
    }
  }

  const plainKey = (i: number): string => {
    const type = typeOf(i);
    const name = nameOf(i);
    switch (type) {
      case 'object':
        if (name === 'Object') {
          const names = properties.get(i) ?? [];
          const more = names.length > SHOWN_PROPERTIES ? '…' : '';
          return `Object {${names.slice(0, SHOWN_PROPERTIES).join(', ')}${more}}`;
        }
        return name;
      case 'closure':
        return `closure ${name || '(anonymous)'}`;
      case 'string':
      case 'concatenated string':
      case 'sliced string':
        return `(${type})`;
      case 'number':
        return '(heap number)';
      default:
        return name ? `(${type}) ${name}` : `(${type})`;
    }
  };
  /** Containers and values say who holds them: `Set ← Actor.observers`, `(string) ← Object {…}.remote`. */
  const withRetainer = (i: number): boolean => {
    const type = typeOf(i);
    if (type !== 'object') return type !== 'synthetic' && type !== 'native';
    const name = nameOf(i);
    return name === 'Set' || name === 'Map' || name === 'Array' || name === 'WeakMap';
  };
  const keyOf = (i: number): string => {
    if (nameOf(i) === 'system / Context') {
      const owners = contextOwners.get(i);
      return `context of ${owners ? owners.join(', ') : '(no closure)'}`;
    }
    const owner = retainer[i]!;
    if (owner < 0 || !withRetainer(i)) return plainKey(i);
    const edge = retainedAs[i]! >= 0 ? `.${strings[retainedAs[i]!] ?? '?'}` : '';
    return `${plainKey(i)} ← ${plainKey(owner)}${edge}`;
  };

  const summary: HeapSummary = new Map();
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    const total = summary.get(key);
    const size = nodes[i * nodeFields + nSize]!;
    if (total === undefined) summary.set(key, { count: 1, bytes: size });
    else {
      total.count++;
      total.bytes += size;
    }
  }
  return summary;
}

/** One kind of object's growth between two snapshots, per peer added. */
export interface KindPerPeer {
  readonly key: string;
  readonly countPerPeer: number;
  readonly bytesPerPeer: number;
}

/** `after − before`, divided by `peers`, largest growth first. */
export function perPeer(before: HeapSummary, after: HeapSummary, peers: number): KindPerPeer[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const rows: KindPerPeer[] = [];
  for (const key of keys) {
    const a = before.get(key) ?? { count: 0, bytes: 0 };
    const b = after.get(key) ?? { count: 0, bytes: 0 };
    rows.push({ key, countPerPeer: (b.count - a.count) / peers, bytesPerPeer: (b.bytes - a.bytes) / peers });
  }
  return rows.sort((x, y) => y.bytesPerPeer - x.bytesPerPeer);
}

export function totalBytes(summary: HeapSummary): number {
  let n = 0;
  for (const t of summary.values()) n += t.bytes;
  return n;
}
