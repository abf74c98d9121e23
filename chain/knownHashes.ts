/**
 * The hashes one peer is known to have, forgetting the oldest past `capacity` (cpp-ethereum's per-peer
 * known sets must not grow with the life of a connection). The insertion order lives in a ring: finding
 * the oldest member of a Set by iterating from its start walks over every slot its earlier deletions left
 * (until V8 rehashes it), which cost more than the rest of the relay at 50 peers.
 */
export class KnownHashes {
  private readonly members = new Set<string>();
  private readonly ring: string[] = [];
  /** Slot of the oldest member once the ring is full. */
  private oldest = 0;

  constructor(readonly capacity: number) {}

  has(hashHex: string): boolean {
    return this.members.has(hashHex);
  }

  /** Adds `hashHex` (forgetting the oldest past the bound); false if it was already known. */
  add(hashHex: string): boolean {
    if (this.members.has(hashHex)) return false;
    this.members.add(hashHex);
    if (this.ring.length < this.capacity) {
      this.ring.push(hashHex);
    } else {
      this.members.delete(this.ring[this.oldest]!);
      this.ring[this.oldest] = hashHex;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    return true;
  }

  get size(): number {
    return this.members.size;
  }
}
