import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchMetrics } from './nodeHttp';
import type { NodeProcess } from './nodeProcess';

/** Node.js flags that let `liveHeapMiB` ask the node for a heap snapshot (written to `diagDir`). */
export function heapSnapshotFlags(diagDir: string): string[] {
  return ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${diagDir}`];
}

/**
 * The node's live heap: SIGUSR2 makes it write a heap snapshot, which runs a full GC first, so the heap
 * used afterwards is what is still referenced rather than whatever the collector happened to leave. The
 * snapshot itself costs RSS, so take it when RSS no longer matters (at the end of a run).
 */
export async function liveHeapMiB(node: NodeProcess, httpPort: number, diagDir: string): Promise<number> {
  node.kill('SIGUSR2');
  let size = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const files = readdirSync(diagDir).filter((f) => f.endsWith('.heapsnapshot'));
    const now = files.length > 0 ? statSync(path.join(diagDir, files[0]!)).size : -1;
    if (now > 0 && now === size) break;
    size = now;
  }
  // The snapshot is written; the event loop is free again once /metrics answers.
  const m = await fetchMetrics(httpPort, ['nodejs_heap_size_used_bytes']);
  for (const f of readdirSync(diagDir)) rmSync(path.join(diagDir, f), { force: true });
  return Math.round(((m.nodejs_heap_size_used_bytes ?? 0) / 1048576) * 10) / 10;
}
