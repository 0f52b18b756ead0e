import type { EnqueueOutcome, QueueLog, RepoJob, RepoQueue } from "../queue/repo-queue.js";

/**
 * Jobs on the shared RepoQueue that a shutdown must finish, not drop: a
 * write-back (someone closed an issue and expects the tick) or a PR status
 * refresh. `RepoQueue.drain()` drops every job not started yet, which is right
 * for push syncs (minutes of work the next push redoes) but would lose these,
 * since they queue behind a push sync of the same repository. So KeptJobs
 * remembers which of its jobs the queue has not started, and once the queue
 * has drained (the running job finished) runs them itself, one at a time per
 * repository, as the queue would have. A job enqueued after that runs the
 * same way.
 */
export class KeptJobs {
  /** Our jobs in the queue, not started yet: whoever calls one first (the queue, or the drain's rescue) runs it. */
  private readonly unclaimed = new Set<RepoJob>();
  /** Per repository, the last job run after the drain. */
  private readonly afterDrain = new Map<string, Promise<void>>();
  /** Resolves once the queue is closed and its running jobs have finished. */
  private queueDrained: Promise<{ dropped: number }> | null = null;

  constructor(
    private readonly queue: RepoQueue,
    private readonly log: QueueLog,
  ) {}

  enqueue(job: RepoJob): EnqueueOutcome {
    if (this.queueDrained === null) {
      const entry: RepoJob = {
        ...job,
        run: () => (this.unclaimed.delete(entry) ? job.run() : Promise.resolve()),
      };
      const outcome = this.queue.enqueue(entry);
      if (outcome === "superseded") this.forgetReplaced(entry);
      if (outcome === "queued" || outcome === "superseded") this.unclaimed.add(entry);
      if (outcome !== "closed") return outcome;
      // The queue was drained directly, not through drain() below: draining again only waits for what runs.
      void this.startDrain();
    }
    this.runAfterDrain(job);
    return "queued";
  }

  /**
   * Shutdown: the queue stops taking work and drops what has not started;
   * once its running jobs are done, ours that it dropped run. Resolves when
   * they have. `dropped` counts only what was really given up.
   */
  async drain(): Promise<{ dropped: number }> {
    const result = await this.startDrain();
    await this.afterDrainSettled();
    return result;
  }

  /** Resolves when the queue is idle and nothing kept is left to run. */
  async onIdle(): Promise<void> {
    await this.queue.onIdle();
    await this.afterDrainSettled();
  }

  private startDrain(): Promise<{ dropped: number }> {
    if (this.queueDrained) return this.queueDrained;
    // Lined up now, ahead of anything enqueued from here on. A job the queue
    // had already started (it yields before calling) claims itself first, so
    // its turn here does nothing.
    const kept = [...this.unclaimed];
    this.queueDrained = this.queue.drain().then(({ dropped }) => ({
      dropped: Math.max(0, dropped - kept.filter((job) => this.unclaimed.has(job)).length),
    }));
    for (const job of kept) this.runAfterDrain(job);
    return this.queueDrained;
  }

  private runAfterDrain(job: RepoJob): void {
    const repo = job.repo.toLowerCase();
    const before: Promise<unknown> = this.afterDrain.get(repo) ?? (this.queueDrained as Promise<unknown>);
    const run = before
      .then(() => job.run())
      .catch((error: unknown) => this.log.error(error, `${repo}: ${job.name ?? "job"} failed`))
      .finally(() => {
        if (this.afterDrain.get(repo) === run) this.afterDrain.delete(repo);
      });
    this.afterDrain.set(repo, run);
  }

  private async afterDrainSettled(): Promise<void> {
    // A job running after the drain may enqueue another (a retry): wait for those too.
    while (this.afterDrain.size > 0) await Promise.all([...this.afterDrain.values()]);
  }

  /** The queue replaced a waiting job of ours with the same supersede key: it will never run. */
  private forgetReplaced(newer: RepoJob): void {
    for (const job of this.unclaimed) {
      if (
        job !== newer &&
        job.supersedeKey === newer.supersedeKey &&
        job.repo.toLowerCase() === newer.repo.toLowerCase()
      )
        this.unclaimed.delete(job);
    }
  }
}
