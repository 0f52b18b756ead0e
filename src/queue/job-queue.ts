import type { Log } from "../log/log.js";
import type { ConcurrencyLimits } from "../config/settings.js";
/**
 * Webhook work as data. A job names its kind, repository and installation and
 * carries a plain-JSON payload: everything needed to do the work again after a
 * restart, on this process or another (the runner of its kind rebuilds the
 * installation's Octokit and the repository from it). No closures, so a
 * backend can keep jobs outside the process (SQLite, Redis).
 */

/** Plain JSON, as a backend stores it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JobKind = "push-sync" | "write-back" | "pr-status" | "rerun" | (string & {});

export interface JobSpec {
  kind: JobKind;
  /** `owner/repo`, lower-cased: jobs of one repository run one at a time, in order. */
  repo: string;
  /** The GitHub App installation the job acts as (its token is asked for again when the job runs). */
  installationId: number;
  /**
   * A second job with the same key is skipped ("duplicate") while the first is
   * stored (waiting, delayed or running) or after it succeeded (webhook
   * redelivery). Released when its job is superseded or fails for good.
   */
  idempotencyKey?: string;
  /**
   * Within one repository, a new job with the same key replaces one that has
   * not started (only the latest push of a branch matters). The queue's
   * `merge` decides what the replacing job carries over from the replaced one.
   */
  supersedeKey?: string;
  payload: Json;
  /** Not before this time (epoch ms): a burst window, a retry. Default now. */
  runAt?: number;
  /**
   * Joins the job of the same `supersedeKey` that has not started, instead of
   * replacing it: this entry is stored beside that job as one small row of its
   * own (a burst's cost per delivery stays the same however large the burst
   * grows; rewriting the job with every entry in it made a burst quadratic),
   * and the job is moved to this spec's `runAt`, but never past the `runBy` it
   * was first stored with. Its payload and idempotency key stay; this spec's
   * idempotency key is kept with the entry. No such job: a new job (this
   * spec's payload), whose first entry this is. The runner reads them in
   * `StoredJob.entries`; they are removed with the job.
   */
  entry?: Json;
  /** With `entry`: entries joining the job never move it past this (epoch ms). Default: `runAt` (never postponed). */
  runBy?: number;
}

export interface StoredJob {
  id: string;
  kind: JobKind;
  repo: string;
  installationId: number;
  idempotencyKey: string | null;
  supersedeKey: string | null;
  payload: Json;
  /** How many times it ran and asked to be retried. */
  attempts: number;
  runAt: number;
  /** When it was first enqueued (epoch ms); a superseding job keeps the replaced job's. */
  enqueuedAt: number;
  /** The entries of the specs that made or joined it (JobSpec.entry), oldest first; [] when none. */
  entries: Json[];
}

export type EnqueueOutcome =
  | "queued"
  /** Stored, replacing a job with the same supersede key that had not started. */
  | "superseded"
  /** Stored as an entry of the waiting job with the same supersede key (JobSpec.entry). */
  | "joined"
  /** Not stored: a job with the same idempotency key is stored or succeeded. */
  | "duplicate"
  /** Not stored: the queue is stopping or stopped. */
  | "closed";

/**
 * What the replacing job is stored with when it supersedes `older`. Default:
 * the new spec as it is. The push sync keeps the older `before` (no change
 * skipped). Not called for a spec with an `entry`: that joins the older job
 * instead.
 */
export type SupersedeMerge = (older: StoredJob, newer: JobSpec) => { payload: Json; runAt?: number };

/** What the runner tells the queue when it returns. */
export type JobOutcome =
  /** Finished (or failed for good, already reported): removed, its idempotency key remembered as done. */
  | { kind: "done" }
  /** Failed for good: removed, its idempotency key released (a redelivery may try again). */
  | { kind: "failed" }
  /** Try again at `runAt` (epoch ms), attempts + 1, optionally with a new payload. */
  | { kind: "retry"; runAt: number; payload?: Json };

/** Runs one job. A throw counts as `failed` (and is logged): runners classify their own errors. */
export type JobRunner = (job: StoredJob) => Promise<JobOutcome>;

export interface QueueStats {
  /** e.g. "sqlite". */
  backend: string;
  /** Where it keeps jobs (a file path, a Redis URL without credentials). */
  location: string;
  /** Due now, not started (a repository busy with another job included). */
  waiting: number;
  /** Stored for later: a burst window, a retry. */
  delayed: number;
  running: number;
  /** The backend answers (false: jobs cannot be stored; webhooks should be refused). */
  healthy: boolean;
}

export interface StopResult {
  /** Jobs still running at the deadline: they stay stored and are resumed at the next start. */
  interrupted: number;
  /** Jobs stored and not started: resumed at the next start. */
  left: number;
}

/**
 * The App's job queue. Guarantees every backend gives (test/queue/contract.ts):
 * - `enqueue` resolves once the job is durably stored, so the webhook can be answered;
 * - per repository, one job at a time, in enqueue order among due jobs; different
 *   repositories side by side, bounded globally and per installation;
 * - supersede, entries joining a waiting job, idempotency keys, delayed jobs (above);
 * - `start` resumes every stored job (after a crash: those that were running too);
 * - `stop` starts nothing more and waits, up to its deadline, for running jobs;
 *   whatever is not finished stays stored.
 */
export interface JobQueue {
  enqueue(spec: JobSpec): Promise<EnqueueOutcome>;
  /** Begins running jobs (stored ones first) with `runner`. */
  start(runner: JobRunner): Promise<void>;
  stop(timeoutMs: number): Promise<StopResult>;
  /** Makes every delayed job due now (tests; `plan-sync` has no other use for it). Returns how many. */
  promoteDelayed(): Promise<number>;
  /**
   * Resolves when nothing is stored any more (waiting, delayed or running), and at once on a closed queue: a job
   * abandoned past stop's deadline may still run in this process, but its end is no longer recorded.
   */
  onIdle(): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Every stored job, oldest first (operators, tests). */
  list(): Promise<StoredJob[]>;
  /**
   * Replaces the payload of a job this process is running, where it is stored:
   * if the process dies before the job ends, the run that resumes it sees this
   * payload (e.g. the id of the check run the first run opened, so it is
   * completed rather than left "in progress" beside a new one). A retry
   * without a payload of its own keeps it too.
   */
  save(id: string, payload: Json): Promise<void>;
  /**
   * A small note kept beside the jobs under `key`, or null: state a kind of job
   * needs from one job to the next that must outlive a restart and be shared by
   * replicas (write-back's issues that could not be written yet).
   */
  readNote(key: string): Promise<Json | null>;
  /** Stores (or, with null, removes) the note. Notes are bounded: the least recently written are dropped first (or after a long time unwritten). */
  writeNote(key: string, value: Json | null): Promise<void>;
  /** Releases the backend (closes the database). After stop(). */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  merge?: SupersedeMerge;
  concurrency?: Partial<ConcurrencyLimits>;
  /** How many succeeded idempotency keys to remember (default 10,000). */
  doneKeyLimit?: number;
  /** How many notes to keep (default 10,000). */
  noteLimit?: number;
  now?: () => number;
  /** Where the queue says what went wrong; default: the console. The App passes its own (pino) log. */
  log?: Pick<Log, "warn" | "error">;
}
