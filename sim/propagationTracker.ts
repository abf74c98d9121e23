/**
 * Who holds which transaction since when, fed by every node's pool as it adds: exact (each copy a node
 * receives passes through its pool's `add`) and cheap (no polling). A transaction is known by its hash.
 */
export class PropagationTracker {
  private readonly index = new Map<string, number>();
  /** Per transaction, one byte per node: 1 once the node held it. */
  private readonly holders: Uint8Array[];
  /** Per transaction, arrival offsets (ms after it entered the network), in arrival order (so ascending). */
  private readonly offsets: number[][];
  /** When the origin node took it in: the transaction entered the network then. */
  private readonly enteredAtTimes: Array<number | undefined>;
  private readonly reached: number[];
  private completeCount = 0;
  /** Copies received (from peers or clients) that passed validation. */
  deliveries = 0;
  /** Copies of a transaction the receiving node already held. */
  duplicates = 0;

  constructor(
    hashes: readonly string[],
    private readonly nodes: number,
  ) {
    hashes.forEach((h, k) => this.index.set(h, k));
    this.holders = hashes.map(() => new Uint8Array(nodes));
    this.offsets = hashes.map(() => []);
    this.enteredAtTimes = hashes.map(() => undefined);
    this.reached = hashes.map(() => 0);
  }

  /** A node's pool was given `received` copies and found `fresh` new (the pool's entries, by hash), at time `now`. */
  added(
    node: number,
    received: number,
    fresh: ReadonlyArray<{ readonly hashHex: string }>,
    now: number,
  ): void {
    this.deliveries += received;
    this.duplicates += received - fresh.length;
    for (const { hashHex } of fresh) {
      const k = this.index.get(hashHex);
      if (k === undefined) continue;
      const holders = this.holders[k]!;
      // Only the first time counts (a pool past its bound could forget and take it again).
      if (holders[node] === 1) continue;
      holders[node] = 1;
      // The first holder is the origin (no one else can have it yet): times count from there, so the
      // injecting client's own round trip is not part of the network's propagation time.
      const entered = this.enteredAtTimes[k] ?? now;
      this.enteredAtTimes[k] = entered;
      this.offsets[k]!.push(now - entered);
      this.reached[k] = this.reached[k]! + 1;
      if (this.reached[k] === this.nodes) this.completeCount++;
    }
  }

  /** Every transaction held by every node. */
  get complete(): boolean {
    return this.completeCount === this.holders.length;
  }

  /** When the transaction entered the network (its origin held it), if it did. */
  enteredAt(tx: number): number | undefined {
    return this.enteredAtTimes[tx];
  }

  reachedBy(tx: number): number {
    return this.reached[tx] ?? 0;
  }

  /** Ascending arrival offsets of each transaction. */
  arrivals(): ReadonlyArray<readonly number[]> {
    return this.offsets;
  }
}
