/** A pending timer; `setTimeout` returns it as the id, so clearing one is O(1) and needs no lookup. */
interface Timer {
  /** Undefined once fired or cleared: a cleared timer lets go of its callback (and what it holds) at once. */
  fn: (() => void) | undefined;
  readonly bucket: Bucket;
  /** Counted in `pendingCounted` (the simulator's deliveries in flight). */
  readonly counted: boolean;
}

/** Every timer due at one moment, in the order they were set. */
interface Bucket {
  readonly due: number;
  readonly timers: Timer[];
  /** Timers of the bucket neither fired nor cleared. */
  live: number;
}

/**
 * The simulator's one clock, shared by every node so that time is global. Same semantics as
 * `actors/steppingClock.ts` (each timer fires at its own simulated time, in order; timers due together
 * fire in the order they were set; a timer set by a timer's callback starts at that moment) and the same
 * `Clock` shape XState takes, but kept as a calendar: one bucket per due time (simulated times are whole
 * milliseconds, so thousands of timers share a few thousand due times) and a binary heap of the due times.
 * Setting a timer is a map lookup and a push; clearing one is O(1) and drops its callback at once. XState's
 * `SimulatedClock` sorts every pending timeout on each `set`, and a 1,000-node run keeps a timer for every
 * delivery in flight on its links besides the keep-alive of each of its eight thousand peers.
 */
export class EventClock {
  private readonly buckets = new Map<number, Bucket>();
  /** Due times of the buckets, a min-heap; a due time whose bucket emptied stays until it reaches the top. */
  private readonly dues: number[] = [];
  private time = 0;
  private live = 0;
  private liveCounted = 0;
  /** The bucket `runNext` is firing: timers set for this same moment join it, so it must stay. */
  private running: Bucket | undefined;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, timeout: number): unknown {
    return this.add(fn, timeout, false);
  }

  /**
   * A timer counted in `pendingCounted` until it fires or is cleared: the simulator's deliveries, so it
   * knows when nothing is in flight without a wrapping closure per delivery.
   */
  setCountedTimeout(fn: () => void, timeout: number): unknown {
    return this.add(fn, timeout, true);
  }

  clearTimeout(id: unknown): void {
    const timer = id as Timer | undefined;
    if (timer?.fn === undefined) return;
    this.retire(timer);
    const bucket = timer.bucket;
    // Nothing left to fire at that moment: let the bucket (and the cleared timers in it) go now.
    if (bucket.live === 0 && bucket !== this.running) this.buckets.delete(bucket.due);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.live;
  }

  /** Timers set with `setCountedTimeout` not yet fired. */
  get pendingCounted(): number {
    return this.liveCounted;
  }

  /** The earliest due time of a pending timer, if any. */
  nextDue(): number | undefined {
    return this.top()?.due;
  }

  /**
   * Moves to the earliest due time and fires every timer due then, including those set for that same
   * moment by the callbacks. Returns that time, or undefined when nothing is pending.
   */
  runNext(): number | undefined {
    const bucket = this.top();
    if (bucket === undefined) return undefined;
    this.time = Math.max(this.time, bucket.due);
    // Callbacks may append to this bucket (a timeout of 0): the loop reads the length each time.
    const timers = bucket.timers;
    this.running = bucket;
    try {
      for (let i = 0; i < timers.length; i++) {
        const timer = timers[i]!;
        const fn = timer.fn;
        if (fn === undefined) continue;
        this.retire(timer);
        fn();
      }
    } finally {
      this.running = undefined;
    }
    this.buckets.delete(bucket.due);
    this.popDue();
    return bucket.due;
  }

  /** Moves time forward to `time`, firing each timer at its own due time. */
  advanceTo(time: number): void {
    for (let due = this.nextDue(); due !== undefined && due <= time; due = this.nextDue()) this.runNext();
    if (time > this.time) this.time = time;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  private add(fn: () => void, timeout: number, counted: boolean): Timer {
    const due = this.time + Math.max(0, timeout);
    let bucket = this.buckets.get(due);
    if (bucket === undefined) {
      bucket = { due, timers: [], live: 0 };
      this.buckets.set(due, bucket);
      this.pushDue(due);
    }
    const timer: Timer = { fn, bucket, counted };
    bucket.timers.push(timer);
    bucket.live++;
    this.live++;
    if (counted) this.liveCounted++;
    return timer;
  }

  private retire(timer: Timer): void {
    timer.fn = undefined;
    timer.bucket.live--;
    this.live--;
    if (timer.counted) this.liveCounted--;
  }

  /** The bucket of the earliest due time that still has a live timer; empty due times are dropped. */
  private top(): Bucket | undefined {
    for (;;) {
      const due = this.dues[0];
      if (due === undefined) return undefined;
      const bucket = this.buckets.get(due);
      if (bucket !== undefined && bucket.live > 0) return bucket;
      if (bucket !== undefined) this.buckets.delete(due);
      this.popDue();
    }
  }

  private pushDue(due: number): void {
    const heap = this.dues;
    let i = heap.length;
    heap.push(due);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (p <= due) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = due;
  }

  private popDue(): void {
    const heap = this.dues;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && heap[r]! < heap[l]! ? r : l;
      const c = heap[child]!;
      if (c >= last) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
