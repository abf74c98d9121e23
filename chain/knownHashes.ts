/**
 * The hashes one peer is known to have, forgetting the oldest past `capacity` (cpp-ethereum's per-peer
 * known sets must not grow with the life of a connection). The insertion order lives in a ring: finding
 * the oldest member of a Set by iterating from its start walks over every slot its earlier deletions left
 * (until V8 rehashes it), which cost more than the rest of the relay at 50 peers. Both are made on the first
 * `add`: most peers are never sent a block (an idle peer's empty Set and its table cost ~150 B,
 * tools/bench/heapPerPeer).
 */
export class KnownHashes {
  private members: Set<string> | undefined;
  private ring: string[] | undefined;
  /** Slot of the oldest member once the ring is full. */
  private oldest = 0;

  constructor(readonly capacity: number) {}

  has(hashHex: string): boolean {
    return this.members !== undefined && this.members.has(hashHex);
  }

  /** Adds `hashHex` (forgetting the oldest past the bound); false if it was already known. */
  add(hashHex: string): boolean {
    const members = (this.members ??= new Set<string>());
    const ring = (this.ring ??= []);
    if (members.has(hashHex)) return false;
    members.add(hashHex);
    if (ring.length < this.capacity) {
      ring.push(hashHex);
    } else {
      members.delete(ring[this.oldest]!);
      ring[this.oldest] = hashHex;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    return true;
  }

  get size(): number {
    return this.members?.size ?? 0;
  }
}
