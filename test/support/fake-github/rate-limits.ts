/**
 * GitHub's two limits as the fake enforces them. Both run on the real clock:
 * clients sleep for real on `retry-after`, so the window must pass for real.
 */

export interface ContentLimitOptions {
  /** GitHub documents 80 content-generating requests per minute. */
  perMinute?: number;
  /** and 500 per hour. */
  perHour?: number;
  /** 60 → a "minute" lasts one second, for benchmarks. */
  timeScale?: number;
  /** The clock the windows run on (default Date.now): tests pass the virtual clock their pacer sleeps on. */
  now?: () => number;
}

/** Sliding-window ceiling on content-creating requests (secondary rate limit). */
export class ContentCreationLimit {
  private readonly stamps: number[] = [];
  private readonly perMinute: number;
  private readonly perHour: number;
  private readonly minuteMs: number;
  private readonly hourMs: number;
  private readonly clock: () => number;

  constructor(options: ContentLimitOptions) {
    this.clock = options.now ?? Date.now;
    const scale = options.timeScale ?? 1;
    this.perMinute = options.perMinute ?? 80;
    this.perHour = options.perHour ?? 500;
    this.minuteMs = 60_000 / scale;
    this.hourMs = 3_600_000 / scale;
  }

  /** Records the request and returns null when it may proceed; else the seconds to wait (retry-after). */
  admit(now = this.clock()): number | null {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.hourMs) this.stamps.shift();
    const inMinute = this.stamps.filter((t) => t > now - this.minuteMs);
    let waitMs = 0;
    if (inMinute.length >= this.perMinute)
      waitMs = Math.max(waitMs, inMinute[inMinute.length - this.perMinute]! + this.minuteMs - now);
    if (this.stamps.length >= this.perHour)
      waitMs = Math.max(waitMs, this.stamps[this.stamps.length - this.perHour]! + this.hourMs - now);
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.stamps.push(now);
    return null;
  }
}

/** Primary limit bookkeeping for the x-ratelimit-* headers (reported, not enforced). */
export class PrimaryRateMeter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(readonly limit = 5000) {}

  count(key: string, now = Date.now()): { limit: number; remaining: number; used: number; reset: number } {
    let window = this.windows.get(key);
    if (!window || now - window.start >= 3_600_000) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    window.used++;
    return this.peek(key, now);
  }

  peek(key: string, now = Date.now()): { limit: number; remaining: number; used: number; reset: number } {
    const window = this.windows.get(key) ?? { start: now, used: 0 };
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.used),
      used: window.used,
      reset: Math.floor((window.start + 3_600_000) / 1000),
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
