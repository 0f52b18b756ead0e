export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BurstCoalescerOptions<T> {
  /** Quiet time after the last event before the burst is written. */
  windowMs: number;
  /** A steady trickle of events must not postpone the write forever. Default 10 × windowMs (30 s at the default window). */
  maxWaitMs?: number;
  /** Receives everything collected for one key, once per burst. */
  flush: (key: string, items: T[]) => void;
  timers?: Timers;
}

interface Pending<T> {
  items: T[];
  timer: unknown;
  deadline: number;
}

/**
 * Debounces per key (one key per plan): events for the same plan that arrive
 * within the window become one flush, hence one commit. Events for other
 * plans are independent.
 */
export class BurstCoalescer<T> {
  private readonly pending = new Map<string, Pending<T>>();
  private readonly timers: Timers;
  private readonly maxWaitMs: number;

  constructor(private readonly options: BurstCoalescerOptions<T>) {
    this.timers = options.timers ?? realTimers;
    this.maxWaitMs = options.maxWaitMs ?? options.windowMs * 10;
  }

  add(key: string, item: T, now: number = Date.now()): void {
    const entry = this.pending.get(key);
    if (entry) {
      entry.items.push(item);
      this.timers.clearTimeout(entry.timer);
      entry.timer = this.schedule(key, Math.min(this.options.windowMs, Math.max(0, entry.deadline - now)));
      return;
    }
    this.pending.set(key, {
      items: [item],
      timer: this.schedule(key, this.options.windowMs),
      deadline: now + this.maxWaitMs,
    });
  }

  /** Flushes every waiting burst now (tests, graceful shutdown). */
  flushAll(): void {
    for (const key of [...this.pending.keys()]) this.flushKey(key);
  }

  get size(): number {
    return this.pending.size;
  }

  private schedule(key: string, ms: number): unknown {
    return this.timers.setTimeout(() => this.flushKey(key), ms);
  }

  private flushKey(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    this.timers.clearTimeout(entry.timer);
    this.options.flush(key, entry.items);
  }
}
