import type { ApplyProgress } from "./apply-actions.js";
import type { CheckRunInput, Gateway } from "./gateway.js";
import type { Pacer } from "./pacer.js";
import { CHECK_RUN_NAME, type CheckRunOutput } from "../render/check-run.js";

export interface CheckRunReporterOptions {
  gateway: Pick<Gateway, "createCheckRun" | "updateCheckRun">;
  headSha: string;
  /** Check-run writes count against the same content-write budget as issue writes. */
  pacer?: Pacer;
  /** Least time between two progress updates while actions are applied. Default 60 s. */
  progressIntervalMs?: number;
  now?: () => number;
  warn?: (message: string) => void;
  /** A run this push's job opened before the process died: it is carried on, not left "in progress" beside a new one. */
  resumeId?: number | null;
  /**
   * The job's attempt when it retries a sync that failed (0: not a retry).
   * resumeId is then that failed run, already completed: GitHub does not
   * take a completed run back to in progress, so it gets new titles (each
   * saying it is a retry) and, at the end, its new conclusion.
   */
  retryAttempt?: number;
  /** Told each run this reporter creates, so the job can remember it (see resumeId). */
  onCreated?: (id: number) => Promise<void>;
}

/**
 * The `plan-sync` check run of one push: created in_progress when the
 * writes of a big sync start (`start`), updated now and then with progress
 * (and when the pacer has to wait for GitHub's hourly window, which also
 * opens the run of a small sync that was not started), completed with the
 * rendered outcome. Every write is paced like an issue write, except the
 * long-wait note, which is sent while the pacer itself is waiting.
 */
export class CheckRunReporter {
  private id: number | null = null;
  private lastUpdate = 0;
  private pending: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly interval: number;

  constructor(private readonly opts: CheckRunReporterOptions) {
    this.now = opts.now ?? Date.now;
    this.interval = opts.progressIntervalMs ?? 60_000;
    this.id = opts.resumeId ?? null;
  }

  get checkRunId(): number | null {
    return this.id;
  }

  /** Carries on a run an earlier, interrupted or failed attempt opened: it must be completed whatever this sync finds. */
  get resumed(): boolean {
    return this.opts.resumeId !== undefined && this.opts.resumeId !== null;
  }

  /** A run carried on by a retry: completed already (failed), so it is never set back to in progress. */
  private get retrying(): boolean {
    return this.resumed && (this.opts.retryAttempt ?? 0) > 0;
  }

  /** Every title a retry writes says so: the run's failure above it is not the last word. */
  private titled(title: string): string {
    return this.retrying ? `${title} (retry ${this.opts.retryAttempt})` : title;
  }

  async start(title: string, summary: string): Promise<void> {
    await this.opts.pacer?.acquire();
    if (this.id !== null) {
      await this.opts.gateway.updateCheckRun(this.id, {
        ...(this.retrying ? {} : { status: "in_progress" as const }),
        title: this.titled(title),
        summary,
      });
    } else {
      await this.create({ headSha: this.opts.headSha, name: CHECK_RUN_NAME, status: "in_progress", title, summary });
    }
    this.lastUpdate = this.now();
  }

  /** For applyActions' onProgress. Never throws: progress is for people watching, not for the sync. */
  readonly progress = async (p: ApplyProgress): Promise<void> => {
    if (p.kind === "waiting") {
      const at = p.wait.resumeAt.toISOString().replace(/\.\d{3}Z$/, "Z");
      const note = {
        title: `Waiting for GitHub's write limit: ${p.done} of ${p.total} done`,
        summary:
          `plan-sync has used ${p.wait.usedThisHour} writes in the last hour and waits until ${at} ` +
          `(${Math.ceil(p.wait.waitMs / 1000)} s) before the next one, so GitHub does not block the app. Nothing is lost meanwhile.`,
      };
      // The pacer is mid-wait for this very write, so this note cannot take a paced slot; it is sent alongside.
      // A small sync has no run yet: a long wait is worth one, so nobody takes the silence for a lost push.
      this.pending = this.pending.then(() =>
        this.id === null ? this.open(note) : this.send({ ...note, title: this.titled(note.title) }),
      );
      return;
    }
    if (this.id === null || this.now() - this.lastUpdate < this.interval || p.done === p.total) return;
    this.lastUpdate = this.now();
    await this.pending;
    await this.opts.pacer?.acquire();
    await this.send({
      title: this.titled(`Syncing: ${p.done} of ${p.total} changes done`),
      summary: `plan-sync is applying ${p.total} changes one at a time, at GitHub's pace for integrations.`,
    });
  };

  /** Completes the run; creates it completed when no writes ever started it. */
  async finish(output: CheckRunOutput): Promise<number> {
    await this.pending;
    await this.opts.pacer?.acquire();
    const { name, ...rest } = output;
    if (this.id === null) {
      return this.create({ headSha: this.opts.headSha, name, ...rest });
    }
    await this.opts.gateway.updateCheckRun(this.id, { ...rest, title: this.titled(rest.title) });
    return this.id;
  }

  private async create(input: CheckRunInput): Promise<number> {
    const id = await this.opts.gateway.createCheckRun(input);
    this.id = id;
    try {
      await this.opts.onCreated?.(id);
    } catch (error) {
      // Only a crash before the end would miss it: then the run is left in progress, as before, and a new one reports.
      this.opts.warn?.(`check run ${id} not remembered: ${error instanceof Error ? error.message : String(error)}`);
    }
    return id;
  }

  private async open(note: { title: string; summary: string }): Promise<void> {
    try {
      await this.create({ headSha: this.opts.headSha, name: CHECK_RUN_NAME, status: "in_progress", ...note });
      this.lastUpdate = this.now();
    } catch (error) {
      this.opts.warn?.(
        `check run could not be created while waiting: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async send(input: Partial<CheckRunInput>): Promise<void> {
    if (this.id === null) return;
    try {
      await this.opts.gateway.updateCheckRun(this.id, input);
    } catch (error) {
      this.opts.warn?.(`check run progress update failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
