interface Timer {
  readonly due: number;
  /** Order of `setTimeout` calls: timers due at the same moment fire in the order they were set. */
  readonly seq: number;
  readonly id: number;
  readonly fn: () => void;
}

const before = (x: Timer, y: Timer): boolean => x.due < y.due || (x.due === y.due && x.seq < y.seq);

/**
 * The simulator's one clock, shared by every node so that time is global. Same semantics as
 * `actors/steppingClock.ts` (each timer fires at its own simulated time, in order; a timer set by a
 * timer's callback starts at that moment) and the same `Clock` shape XState takes, but kept in a binary
 * heap: XState's `SimulatedClock`, which SteppingClock extends, sorts every pending timeout on each
 * `set` and again after any timer is set or cleared during a flush. With a thousand nodes there are
 * over ten thousand pending timers (a keep-alive per peer, restarted by every frame, plus every
 * delivery in flight), which made each fired timer cost a full sort.
 */
export class EventClock {
  private readonly heap: Timer[] = [];
  /** Pending timers by id; a cleared timer leaves the heap lazily, when it reaches the top. */
  private readonly live = new Map<number, Timer>();
  private time = 0;
  private nextId = 1;
  private nextSeq = 0;

  now(): number {
    return this.time;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const timer: Timer = {
      due: this.time + Math.max(0, timeout),
      seq: this.nextSeq++,
      id: this.nextId++,
      fn,
    };
    this.live.set(timer.id, timer);
    this.push(timer);
    return timer.id;
  }

  clearTimeout(id: number): void {
    // Keep-alive timers are cleared by every frame and due far ahead: rebuild before the dead pile up.
    if (this.live.delete(id) && this.heap.length > 2 * this.live.size + 1024) this.compact();
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.live.size;
  }

  /** The earliest due time of a pending timer, if any. */
  nextDue(): number | undefined {
    this.dropCleared();
    return this.heap[0]?.due;
  }

  /**
   * Moves to the earliest due time and fires every timer due then, including those set for that same
   * moment by the callbacks. Returns that time, or undefined when nothing is pending.
   */
  runNext(): number | undefined {
    const due = this.nextDue();
    if (due === undefined) return undefined;
    this.time = Math.max(this.time, due);
    for (let top = this.heap[0]; top !== undefined && top.due <= this.time; top = this.heap[0]) {
      this.pop();
      if (this.live.delete(top.id)) top.fn();
    }
    return due;
  }

  /** Moves time forward to `time`, firing each timer at its own due time. */
  advanceTo(time: number): void {
    for (let due = this.nextDue(); due !== undefined && due <= time; due = this.nextDue()) this.runNext();
    if (time > this.time) this.time = time;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  private compact(): void {
    const timers = [...this.live.values()].sort((x, y) => (before(x, y) ? -1 : 1));
    this.heap.length = 0;
    // A sorted array is a valid heap.
    for (const t of timers) this.heap.push(t);
  }

  private dropCleared(): void {
    for (let top = this.heap[0]; top !== undefined && !this.live.has(top.id); top = this.heap[0]) this.pop();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      const c = heap[child]!;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
