/**
 * Paces content-creating writes at GitHub's documented secondary-rate-limit
 * ceiling for integrators (80 per minute, 500 per hour) instead of
 * plugin-throttling's 3 s spacing: a 300-task plan then takes ~4 minutes, not
 * 15. Slots are handed out one at a time, evenly spaced (GitHub also punishes
 * bursts), with a sliding hour window on top. One pacer per installation or
 * token, shared by all of its repositories, since that is what GitHub counts.
 */

export interface PacerWait {
  /** How long this write will wait. */
  waitMs: number;
  resumeAt: Date;
  /** Writes granted in the last hour; equals perHour when the hourly budget is spent. */
  usedThisHour: number;
}

export interface WritePacerOptions {
  perMinute?: number;
  perHour?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Waits longer than this are reported to `onLongWait` (default 30 s). */
  longWaitMs?: number;
  /** 60 → a "minute" lasts one second (benchmarks against the fake GitHub's scaled limits). */
  timeScale?: number;
}

export interface AcquireOptions {
  /** Called before a wait longer than `longWaitMs`, e.g. to tell the user on the check run; awaited. */
  onLongWait?: (wait: PacerWait) => void | Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export class WritePacer {
  readonly perMinute: number;
  readonly perHour: number;
  readonly longWaitMs: number;
  private readonly minuteMs: number;
  private readonly hourMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Grant times within the last hour, oldest first. */
  private readonly granted: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(opts: WritePacerOptions = {}) {
    this.perMinute = opts.perMinute ?? 80;
    this.perHour = opts.perHour ?? 500;
    this.longWaitMs = opts.longWaitMs ?? 30_000;
    const scale = opts.timeScale ?? 1;
    this.minuteMs = MINUTE / scale;
    this.hourMs = HOUR / scale;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    if (!(this.perMinute > 0 && this.perHour > 0 && scale > 0))
      throw new RangeError("WritePacer limits must be positive");
  }

  /** Resolves when the caller may send its next write. Callers are served in order. */
  acquire(opts: AcquireOptions = {}): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot(opts));
    // A failing onLongWait must not wedge later callers.
    this.tail = turn.catch(() => {});
    return turn;
  }

  /** When the next write could go, without taking it. */
  nextSlotAt(): number {
    const now = this.now();
    this.forget(now);
    let at = now;
    const last = this.granted[this.granted.length - 1];
    if (last !== undefined) at = Math.max(at, last + this.minuteMs / this.perMinute);
    if (this.granted.length >= this.perHour) {
      const oldestInWindow = this.granted[this.granted.length - this.perHour]!;
      at = Math.max(at, oldestInWindow + this.hourMs);
    }
    return at;
  }

  /** Writes granted in the last hour. */
  usedThisHour(): number {
    this.forget(this.now());
    return this.granted.length;
  }

  private async waitForSlot(opts: AcquireOptions): Promise<void> {
    for (;;) {
      const at = this.nextSlotAt();
      const waitMs = at - this.now();
      if (waitMs <= 0) break;
      if (waitMs > this.longWaitMs && opts.onLongWait) {
        await opts.onLongWait({ waitMs, resumeAt: new Date(at), usedThisHour: this.granted.length });
      }
      await this.sleep(waitMs);
    }
    this.granted.push(this.now());
  }

  private forget(now: number): void {
    while (this.granted.length > 0 && this.granted[0]! <= now - this.hourMs) this.granted.shift();
  }
}

/**
 * Pacers by installation (`installation:123`) or token identity. Bounded so a
 * long-running App does not keep one per installation forever; an evicted
 * pacer only matters if that installation is mid-burst, which the LRU order
 * makes unlikely.
 */
export class WritePacerRegistry {
  private readonly pacers = new Map<string, WritePacer>();

  constructor(
    private readonly opts: WritePacerOptions = {},
    readonly maxEntries = 1000,
  ) {}

  /** A new installation's pacer; the shared (Redis) registry reserves slots in Redis instead. */
  protected create(_key: string): WritePacer {
    return new WritePacer(this.opts);
  }

  for(key: string): WritePacer {
    let pacer = this.pacers.get(key);
    if (pacer) {
      this.pacers.delete(key);
    } else {
      pacer = this.create(key);
    }
    this.pacers.set(key, pacer);
    while (this.pacers.size > this.maxEntries) {
      const oldest = this.pacers.keys().next().value;
      if (oldest === undefined) break;
      this.pacers.delete(oldest);
    }
    return pacer;
  }
}

export const sharedWritePacers = new WritePacerRegistry();
