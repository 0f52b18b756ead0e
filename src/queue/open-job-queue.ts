import { join, resolve } from "node:path";
import type { ConcurrencyLimits, JobQueue, JobQueueOptions, SupersedeMerge } from "./job-queue.js";
import { SqliteJobQueue } from "./sqlite-job-queue.js";

export interface JobStoreSettings {
  /** PLAN_SYNC_DATA_DIR: where the embedded store keeps its database. */
  dataDir: string;
  concurrency: ConcurrencyLimits;
}

/** The job store's file inside the data directory. */
export function jobStorePath(dataDir: string): string {
  return join(resolve(dataDir), "jobs.sqlite");
}

/**
 * The App's queue, on the backend the settings choose. Today the embedded
 * SQLite store under PLAN_SYNC_DATA_DIR; a shared backend (Redis) is chosen here too.
 */
export function openJobQueue(
  settings: JobStoreSettings,
  merge: SupersedeMerge,
  log?: JobQueueOptions["log"],
): JobQueue {
  return new SqliteJobQueue({
    path: jobStorePath(settings.dataDir),
    merge,
    concurrency: settings.concurrency,
    ...(log ? { log } : {}),
  });
}
