/**
 * A set that forgets its oldest members past a bound: per-peer "known" hashes must not grow with the
 * life of a connection. Map/Set iteration order is insertion order, so the first key is the oldest.
 * The Set is made on the first `add`: most peers never get one (an idle peer's empty Set and its table cost
 * ~150 B, tools/bench/heapPerPeer).
 */
export class BoundedSet<T> {
  private items: Set<T> | undefined;

  constructor(readonly capacity: number) {}

  has(item: T): boolean {
    return this.items !== undefined && this.items.has(item);
  }

  add(item: T): void {
    const items = (this.items ??= new Set<T>());
    if (items.has(item)) return;
    items.add(item);
    if (items.size > this.capacity) {
      const oldest = items.values().next();
      if (!oldest.done) items.delete(oldest.value);
    }
  }

  get size(): number {
    return this.items?.size ?? 0;
  }
}
