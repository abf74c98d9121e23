import type { CandidateBlock } from './candidateBlock';

/** A block whose parent is unknown, kept with the peer that sent it (blamed if it later fails against its parent). */
export interface Orphan extends CandidateBlock {
  readonly fromPeer: string;
}

/**
 * Blocks waiting for their parent, bounded by count and by RLP bytes; the oldest goes first. Orphans have
 * passed every check that does not need the parent (roots, proof of work, signatures), so only valid-looking
 * work is held.
 */
export class OrphanPool {
  /** Insertion order is age: the first key is the oldest. */
  private readonly byHash = new Map<string, Orphan>();
  private readonly byParent = new Map<string, Set<string>>();
  private totalBytes = 0;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.byHash.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** Adds an orphan and returns those evicted to respect the bounds (possibly the new one, if it alone is too big). */
  add(orphan: Orphan): Orphan[] {
    if (this.byHash.has(orphan.hashHex)) return [];
    this.byHash.set(orphan.hashHex, orphan);
    let siblings = this.byParent.get(orphan.parentHex);
    if (!siblings) {
      siblings = new Set();
      this.byParent.set(orphan.parentHex, siblings);
    }
    siblings.add(orphan.hashHex);
    this.totalBytes += orphan.rlp.length;
    const evicted: Orphan[] = [];
    while (this.byHash.size > this.maxCount || this.totalBytes > this.maxBytes) {
      const oldest = this.byHash.keys().next();
      if (oldest.done) break;
      const removed = this.remove(oldest.value);
      if (removed) evicted.push(removed);
    }
    return evicted;
  }

  /** Removes and returns the orphans whose parent is `parentHex`, oldest first. */
  takeChildren(parentHex: string): Orphan[] {
    const hashes = this.byParent.get(parentHex);
    if (!hashes) return [];
    const out: Orphan[] = [];
    for (const h of [...hashes]) {
      const removed = this.remove(h);
      if (removed) out.push(removed);
    }
    return out;
  }

  /**
   * The hash we must obtain for `hashHex` to link: walk up through orphaned ancestors to the first parent
   * that is not in the pool. Parent links follow hashes, so they cannot loop; the bound is only a guard.
   */
  missingAncestor(hashHex: string): string | undefined {
    let current = this.byHash.get(hashHex);
    if (!current) return undefined;
    for (let steps = 0; steps <= this.byHash.size; steps++) {
      const parent = this.byHash.get(current.parentHex);
      if (!parent) return current.parentHex;
      current = parent;
    }
    return current.parentHex;
  }

  private remove(hashHex: string): Orphan | undefined {
    const orphan = this.byHash.get(hashHex);
    if (!orphan) return undefined;
    this.byHash.delete(hashHex);
    this.totalBytes -= orphan.rlp.length;
    const siblings = this.byParent.get(orphan.parentHex);
    if (siblings) {
      siblings.delete(hashHex);
      if (siblings.size === 0) this.byParent.delete(orphan.parentHex);
    }
    return orphan;
  }
}
