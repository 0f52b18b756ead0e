/**
 * The engine's side of write pacing: one slot per write, taken just before
 * it. src/github/write-pacer.ts implements it (GitHub's secondary-rate-limit
 * ceiling, adaptive after a refusal, one per installation or token).
 */
export interface Pacer {
  /** Resolves when the caller may send its next write. Callers are served in order. */
  acquire(opts?: AcquireOptions): Promise<void>;
}

export interface AcquireOptions {
  /** Called before a wait longer than the pacer's long-wait threshold, e.g. to tell the user on the check run; awaited. */
  onLongWait?: (wait: PacerWait) => void | Promise<void>;
}

export interface PacerWait {
  /** How long this write will wait. */
  waitMs: number;
  resumeAt: Date;
  /** Writes granted in the last hour; equals perHour when the hourly budget is spent. */
  usedThisHour: number;
}
