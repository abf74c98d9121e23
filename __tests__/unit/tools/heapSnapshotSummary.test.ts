import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { perPeer, summarizeHeapSnapshot, totalBytes } from '../../../tools/bench/heapSnapshotSummary';
import { tempDirPerTest } from '../../helpers/tempDir';

/*
 * A heap snapshot in V8's format, written by hand: a root holding, per "peer", a Peer object with a Set
 * (whose table is an internal array), a closure with its context, and a plain object with named fields.
 */
const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface Node {
  readonly type: string;
  readonly name: string;
  readonly size: number;
  readonly edges: Array<{ readonly type: string; readonly name: string | number; readonly to: number }>;
}

function snapshotFile(dir: string, peers: number): string {
  const nodes: Node[] = [{ type: 'synthetic', name: '(root)', size: 0, edges: [] }];
  const add = (node: Node): number => nodes.push(node) - 1;
  for (let i = 0; i < peers; i++) {
    const table = add({ type: 'array', name: '', size: 120, edges: [] });
    const set = add({
      type: 'object',
      name: 'Set',
      size: 32,
      edges: [{ type: 'internal', name: 'table', to: table }],
    });
    const context = add({ type: 'object', name: 'system / Context', size: 40, edges: [] });
    const closure = add({
      type: 'closure',
      name: 'onData',
      size: 56,
      edges: [{ type: 'context', name: 'context', to: context }],
    });
    const record = add({ type: 'object', name: 'Object', size: 48, edges: [] });
    nodes[record]!.edges.push(
      { type: 'property', name: 'connId', to: 0 },
      { type: 'property', name: 'remote', to: 0 },
    );
    const peer = add({
      type: 'object',
      name: 'Peer',
      size: 64,
      edges: [
        { type: 'property', name: 'known', to: set },
        { type: 'property', name: 'handler', to: closure },
        { type: 'property', name: 'record', to: record },
      ],
    });
    nodes[0]!.edges.push({ type: 'element', name: i, to: peer });
  }
  const strings: string[] = [];
  const stringIndex = (s: string): number => {
    const at = strings.indexOf(s);
    return at >= 0 ? at : strings.push(s) - 1;
  };
  const NODE_FIELDS = 7;
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  nodes.forEach((n, id) => {
    flatNodes.push(NODE_TYPES.indexOf(n.type), stringIndex(n.name), id * 2 + 1, n.size, n.edges.length, 0, 0);
    for (const e of n.edges) {
      const name = typeof e.name === 'number' ? e.name : stringIndex(e.name);
      flatEdges.push(EDGE_TYPES.indexOf(e.type), name, e.to * NODE_FIELDS);
    }
  });
  const snapshot = {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      },
      node_count: nodes.length,
      edge_count: flatEdges.length / 3,
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
  const file = path.join(dir, `peers-${peers}.heapsnapshot`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('heap snapshot summary (tools/bench/heapPerPeer)', () => {
  const tempDir = tempDirPerTest('pocnode-heap-test-');

  it('sums self size by kind: constructor, plain object fields, closure, context, container with its retainer', () => {
    const summary = summarizeHeapSnapshot(snapshotFile(tempDir(), 3));
    expect(summary.get('Peer')).toEqual({ count: 3, bytes: 192 });
    expect(summary.get('Set ← Peer.known')).toEqual({ count: 3, bytes: 96 });
    expect(summary.get('(array) ← Set.table')).toEqual({ count: 3, bytes: 360 });
    expect(summary.get('closure onData ← Peer.handler')).toEqual({ count: 3, bytes: 168 });
    expect(summary.get('context of onData')).toEqual({ count: 3, bytes: 120 });
    expect(summary.get('Object {connId, remote}')).toEqual({ count: 3, bytes: 144 });
    expect(totalBytes(summary)).toBe(3 * (120 + 32 + 40 + 56 + 48 + 64));
  });

  it('gives the growth between two snapshots per peer added, largest first', () => {
    const rows = perPeer(
      summarizeHeapSnapshot(snapshotFile(tempDir(), 2)),
      summarizeHeapSnapshot(snapshotFile(tempDir(), 6)),
      4,
    );
    expect(rows[0]).toEqual({ key: '(array) ← Set.table', countPerPeer: 1, bytesPerPeer: 120 });
    expect(rows.find((r) => r.key === 'Peer')).toEqual({ key: 'Peer', countPerPeer: 1, bytesPerPeer: 64 });
    expect(rows.reduce((n, r) => n + r.bytesPerPeer, 0)).toBe(360);
  });
});
