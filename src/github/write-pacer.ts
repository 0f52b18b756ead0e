/**
 * Paces content-creating writes at GitHub's documented secondary-rate-limit
 * ceiling for integrators (80 per minute, 500 per hour) instead of
 * plugin-throttling's 3 s spacing: a 300-task plan then takes ~4 minutes, not
 * 15. Slots are handed out one at a time, evenly spaced (GitHub also punishes
 * bursts), with a sliding hour window on top. One pacer per installation or
 * token, shared by all of its repositories, since that is what GitHub counts.
 *
 * The rate adapts: GitHub may accept fewer writes than it documents (its
 * secondary limits also weigh CPU time and concurrency), and then it refuses
 * with a 403/429 and a `retry-after`. After such a refusal (`refused`, told by
 * the transport, see paced-fetch.ts) the pacer waits the retry-after out, then
 * hands out slots at the rate GitHub actually accepted (the writes it accepted
 * in the minute before the refusal). Every write of the installation takes
 * a slot, including the client's own retries and the writes no engine paces.
 * After two quiet minutes it climbs back toward the
 * ceiling by `recoveryStep` per minute (additive increase: probing upwards
 * slowly costs at most one refusal per probe, and GitHub's limit rarely moves
 * within minutes).
 */

import type { AcquireOptions, Pacer } from "../sync/pacer.js";

export type { AcquireOptions, PacerWait } from "../sync/pacer.js";

export interface WritePacerOptions {
  perMinute?: number;
  perHour?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Waits longer than this are reported to `onLongWait` (default 30 s). */
  longWaitMs?: number;
  /** 60 → a "minute" lasts one second (benchmarks against the fake GitHub's scaled limits). */
  timeScale?: number;
  /** Writes per minute added back per quiet minute after a refusal (default perMinute / 16: 5 of 80). */
  recoveryStep?: number;
  /**
   * The reduced rate never goes below this (default perMinute / 4: 20 of 80). A refusal after a handful of
   * writes says less about GitHub's rate than about something else spending the budget; crawling at a few
   * writes a minute would then turn a big sync into an hour.
   */
  minPerMinute?: number;
}

/** Where the adaptive rate stands (tests, logs). */
export interface AdaptiveState {
  /** The rate slots are handed out at now (the ceiling when nothing was refused lately). */
  perMinute: number;
  /** No slot before this time (a refusal's retry-after); 0 when none. */
  pausedUntil: number;
  /** True from a refusal until the rate is back at the ceiling: every write then takes a slot. */
  adapting: boolean;
}

/** A write that an engine paced (`acquire`) is sent within this long; an older grant no longer covers a write. */
const TICKET_MINUTE_FRACTION = 6;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export class WritePacer implements Pacer {
  readonly perMinute: number;
  readonly perHour: number;
  readonly longWaitMs: number;
  private readonly minuteMs: number;
  private readonly hourMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly recoveryStep: number;
  readonly minPerMinute: number;
  /** Grant times within the last hour, oldest first. */
  private readonly granted: number[] = [];
  /** Times of writes GitHub accepted within the last minute. */
  private readonly acceptedAt: number[] = [];
  /** Slots granted to `acquire` callers whose write has not been sent yet (see beforeWrite). */
  private readonly tickets: number[] = [];
  /** The rate set by the last refusal; null: the ceiling. */
  private reducedRate: number | null = null;
  private pausedUntil = 0;
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
    this.recoveryStep = opts.recoveryStep ?? Math.max(1, this.perMinute / 16);
    this.minPerMinute = opts.minPerMinute ?? Math.max(1, Math.floor(this.perMinute / 4));
    if (!(this.perMinute > 0 && this.perHour > 0 && scale > 0 && this.recoveryStep > 0 && this.minPerMinute > 0))
      throw new RangeError("WritePacer limits must be positive");
  }

  /** Resolves when the caller may send its next write. Callers are served in order. */
  acquire(opts: AcquireOptions = {}): Promise<void> {
    // The write this slot is for passes the transport's beforeWrite without a second slot.
    return this.acquireSlot(opts, true);
  }

  /**
   * Called by the transport (paced-fetch.ts) just before a content write is
   * sent. A write an engine already paced goes at once; any other write (a
   * client retry, a check-run note, a write-back commit) takes the next slot
   * too: at once when the installation is not writing, else after the write
   * before it. GitHub counts it like any other, and one write sent alongside
   * a sync that writes at the ceiling is the one too many in GitHub's minute.
   */
  async beforeWrite(): Promise<void> {
    const now = this.now();
    while (this.tickets.length > 0 && this.tickets[0]! <= now - this.minuteMs / TICKET_MINUTE_FRACTION)
      this.tickets.shift();
    if (this.tickets.length > 0) {
      this.tickets.shift();
      return;
    }
    await this.acquireSlot({}, false);
  }

  /**
   * GitHub refused a write with its secondary limit: no slot before
   * `retryAfterMs` from now, then the rate it accepted. Refusals of writes
   * already in flight when the first came (the same burst) only extend the pause.
   */
  async refused(retryAfterMs: number): Promise<void> {
    const now = this.now();
    const current = this.rateAt(now);
    if (now >= this.pausedUntil) {
      this.forgetAccepted(now);
      this.reducedRate = reduceRate(this.acceptedAt.length, current, this.minPerMinute);
    }
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterMs));
  }

  /** GitHub accepted a content write (the transport says so). */
  async accepted(): Promise<void> {
    const now = this.now();
    this.forgetAccepted(now);
    this.acceptedAt.push(now);
  }

  async adaptiveState(): Promise<AdaptiveState> {
    const now = this.now();
    const perMinute = this.rateAt(now);
    return { perMinute, pausedUntil: this.pausedUntil, adapting: perMinute < this.perMinute || now < this.pausedUntil };
  }

  /** Waits for a slot, in order with every other caller; `ticket`: the slot covers the caller's next write. */
  protected acquireSlot(opts: AcquireOptions, ticket: boolean): Promise<void> {
    const turn = this.tail.then(() => this.waitForSlot(opts, ticket));
    // A failing onLongWait must not wedge later callers.
    this.tail = turn.catch(() => {});
    return turn;
  }

  /** When the next write could go, without taking it. */
  nextSlotAt(): number {
    const now = this.now();
    this.forget(now);
    let at = Math.max(now, this.pausedUntil);
    const last = this.granted[this.granted.length - 1];
    if (last !== undefined) at = Math.max(at, last + this.minuteMs / this.rateAt(at));
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

  private async waitForSlot(opts: AcquireOptions, ticket: boolean): Promise<void> {
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
    if (ticket) this.addTicket();
  }

  protected addTicket(): void {
    this.tickets.push(this.now());
  }

  private forget(now: number): void {
    while (this.granted.length > 0 && this.granted[0]! <= now - this.hourMs) this.granted.shift();
  }

  private forgetAccepted(now: number): void {
    while (this.acceptedAt.length > 0 && this.acceptedAt[0]! <= now - this.minuteMs) this.acceptedAt.shift();
  }

  /** The reduced rate plus what quiet minutes gave back, up to the ceiling. */
  private rateAt(at: number): number {
    if (this.reducedRate === null) return this.perMinute;
    const rate = recoveredRate(this.reducedRate, this.pausedUntil, at, {
      perMinute: this.perMinute,
      minuteMs: this.minuteMs,
      step: this.recoveryStep,
    });
    if (rate >= this.perMinute && at >= this.pausedUntil) this.reducedRate = null;
    return rate;
  }
}

/**
 * The rate after a refusal: what GitHub accepted in the minute before it, and
 * at least a tenth below the rate that was refused (else a refusal at the
 * ceiling would change nothing), never below `min`.
 */
export function reduceRate(acceptedLastMinute: number, current: number, min: number): number {
  return Math.max(min, Math.min(acceptedLastMinute, Math.floor(current * 0.9)));
}

/**
 * Additive increase: the first minute after the pause runs at the reduced
 * rate, and so does the second; each minute after that adds `step`.
 */
export function recoveredRate(
  reduced: number,
  pausedUntil: number,
  at: number,
  o: { perMinute: number; minuteMs: number; step: number },
): number {
  const quietMinutes = Math.floor((at - pausedUntil) / o.minuteMs) - 1;
  return Math.min(o.perMinute, reduced + o.step * Math.max(0, quietMinutes));
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
