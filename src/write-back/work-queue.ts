/** What the write-back needs from a queue: run jobs one at a time per repository, off the webhook request. */
export interface WorkQueue {
  enqueue(repoKey: string, job: () => Promise<void>): void;
  onIdle(): Promise<void>;
}

/**
 * A minimal per-repository serial queue, used until the app hands in the
 * shared repo queue (src/queue/). A failed job is reported and never stops
 * the jobs behind it.
 */
export class SerialByKeyQueue implements WorkQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (repoKey: string, error: unknown) => void) {}

  enqueue(repoKey: string, job: () => Promise<void>): void {
    const previous = this.tails.get(repoKey) ?? Promise.resolve();
    const next = previous.then(job).catch((error: unknown) => this.onError(repoKey, error));
    this.tails.set(repoKey, next);
    void next.then(() => {
      if (this.tails.get(repoKey) === next) this.tails.delete(repoKey);
    });
  }

  async onIdle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
