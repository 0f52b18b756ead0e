import type { Probot } from "probot";

export interface PeriodicTask {
  name: string;
  /** Between the end of one run and the start of the next. */
  intervalMs: number;
  /** Run once as soon as the App starts, then every interval. */
  runAtStart: boolean;
  run(probot: Probot): Promise<void>;
}

/**
 * Work the App does on its own clock rather than on a webhook (redelivering
 * failed deliveries, for instance). Registered on the App before it starts
 * (`PlanSyncApp.every`), started with it, stopped at shutdown. A run that
 * throws is logged and the next one happens all the same; runs of one task
 * never overlap.
 */
export class PeriodicTasks {
  private readonly tasks: PeriodicTask[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  add(task: PeriodicTask): void {
    this.tasks.push(task);
  }

  get names(): string[] {
    return this.tasks.map((t) => t.name);
  }

  start(probot: Probot): void {
    for (const task of this.tasks) {
      const tick = () => {
        if (this.stopped) return;
        const run = task
          .run(probot)
          .catch((error: unknown) =>
            probot.log.error({ err: error }, `${task.name} failed; next run in ${task.intervalMs} ms`),
          )
          .finally(() => {
            this.running.delete(run);
            schedule();
          });
        this.running.add(run);
      };
      const schedule = () => {
        if (this.stopped) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          tick();
        }, task.intervalMs);
        timer.unref();
        this.timers.add(timer);
      };
      if (task.runAtStart) tick();
      else schedule();
    }
  }

  /** No new run starts; resolves when the runs in progress have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
