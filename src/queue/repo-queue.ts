/**
 * Runs webhook work off the request: GitHub gives a delivery 10 s, a big plan
 * takes minutes. One job at a time per repository (two syncs of one repo
 * racing would duplicate issues), different repositories side by side up to a
 * bound. A newer job with the same supersede key replaces one still waiting
 * (only the latest push of a branch matters); a job whose idempotency key is
 * queued, running or recently done is skipped (redelivered webhooks).
 * In-process only: a restart forgets the queue, and the next push or a
 * `plan-sync sync` reconciles.
 */

export interface RepoJob {
  /** `owner/repo`; compared case-insensitively, as GitHub does. */
  repo: string;
  /** e.g. `push:refs/heads/main`: a newer job with the same key replaces one still waiting. */
  supersedeKey?: string;
  /** e.g. `push:<after sha>`: a second job with the same key is skipped while the first is queued, running or done. */
  idempotencyKey?: string;
  /** For logs. */
  name?: string;
  run: () => Promise<void>;
}

export type EnqueueOutcome =
  | "queued"
  /** Queued, replacing an older job that had not started. */
  | "superseded"
  /** Skipped: same idempotency key already queued, running or done. */
  | "duplicate"
  /** Skipped: the queue is draining. */
  | "closed";

export interface QueueLog {
  info?: (msg: string) => void;
  error: (err: unknown, msg: string) => void;
}

export interface RepoQueueOptions {
  /** Repositories worked on at once (default 4; the machine has 2 cores and most time is spent waiting on GitHub). */
  concurrency?: number;
  /** How many finished idempotency keys to remember (default 5000). */
  doneKeyLimit?: number;
  log?: QueueLog;
}

export class RepoQueue {
  private readonly concurrency: number;
  private readonly doneKeyLimit: number;
  private readonly log: QueueLog;
  /** Waiting jobs per repository; Map order gives fairness across repositories. */
  private readonly waiting = new Map<string, RepoJob[]>();
  private readonly running = new Map<string, Promise<void>>();
  /** Idempotency keys queued or running. */
  private readonly inFlightKeys = new Set<string>();
  /** Idempotency keys done, oldest first (Set keeps insertion order). */
  private readonly doneKeys = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(opts: RepoQueueOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.doneKeyLimit = Math.max(0, opts.doneKeyLimit ?? 5000);
    this.log = opts.log ?? { error: (err, msg) => console.error(msg, err) };
  }

  /** Returns at once; the job runs later. */
  enqueue(job: RepoJob): EnqueueOutcome {
    if (this.closed) return "closed";
    const key = job.idempotencyKey;
    if (key !== undefined && (this.inFlightKeys.has(key) || this.doneKeys.has(key))) return "duplicate";

    const repo = job.repo.toLowerCase();
    const queue = this.waiting.get(repo) ?? [];
    let outcome: EnqueueOutcome = "queued";
    if (job.supersedeKey !== undefined) {
      const index = queue.findIndex((j) => j.supersedeKey === job.supersedeKey);
      if (index >= 0) {
        const [old] = queue.splice(index, 1);
        if (old?.idempotencyKey !== undefined) this.inFlightKeys.delete(old.idempotencyKey);
        this.log.info?.(`${repo}: ${old?.name ?? "job"} replaced by ${job.name ?? "a newer job"} before it started`);
        outcome = "superseded";
      }
    }
    queue.push(job);
    this.waiting.set(repo, queue);
    if (key !== undefined) this.inFlightKeys.add(key);
    this.pump();
    return outcome;
  }

  /** Jobs not yet started. */
  get waitingCount(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running or waiting. */
  onIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * For shutdown: accept nothing more, drop what has not started, let running
   * jobs finish. Dropped jobs are safe to lose: the next push reconciles.
   */
  async drain(): Promise<{ dropped: number }> {
    this.closed = true;
    let dropped = 0;
    for (const queue of this.waiting.values()) {
      for (const job of queue) {
        dropped++;
        if (job.idempotencyKey !== undefined) this.inFlightKeys.delete(job.idempotencyKey);
      }
    }
    this.waiting.clear();
    if (dropped > 0) this.log.info?.(`queue draining: dropped ${dropped} waiting job(s)`);
    await Promise.all([...this.running.values()]);
    this.notifyIdle();
    return { dropped };
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.waitingCount === 0;
  }

  private pump(): void {
    for (const [repo, queue] of this.waiting) {
      if (this.running.size >= this.concurrency) return;
      if (this.running.has(repo)) continue;
      const job = queue.shift();
      if (queue.length === 0) this.waiting.delete(repo);
      if (job) this.start(repo, job);
    }
  }

  private start(repo: string, job: RepoJob): void {
    const run = (async () => {
      let ok = false;
      try {
        // Never inside enqueue(): the webhook handler answers GitHub first.
        await new Promise((resolve) => setImmediate(resolve));
        await job.run();
        ok = true;
      } catch (error) {
        // The job reports its own failure to GitHub; here it must only not take the queue down.
        this.log.error(error, `${repo}: ${job.name ?? "job"} failed`);
      }
      const key = job.idempotencyKey;
      if (key !== undefined) {
        this.inFlightKeys.delete(key);
        // A failed job's delivery may be retried (redelivery), so only successes are remembered.
        if (ok) this.rememberDone(key);
      }
    })();
    this.running.set(repo, run);
    void run.then(() => {
      this.running.delete(repo);
      // Re-queue the repository at the back so others get their turn.
      const rest = this.waiting.get(repo);
      if (rest) {
        this.waiting.delete(repo);
        this.waiting.set(repo, rest);
      }
      if (!this.closed) this.pump();
      this.notifyIdle();
    });
  }

  private rememberDone(key: string): void {
    this.doneKeys.delete(key);
    this.doneKeys.add(key);
    while (this.doneKeys.size > this.doneKeyLimit) {
      const oldest = this.doneKeys.values().next().value;
      if (oldest === undefined) break;
      this.doneKeys.delete(oldest);
    }
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
