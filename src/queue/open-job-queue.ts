import { join, resolve } from "node:path";
import type { ConcurrencyLimits } from "../config/settings.js";
import type { JobQueue, JobQueueOptions, SupersedeMerge } from "./job-queue.js";
import { RedisJobQueue } from "./redis-job-queue.js";
import { SqliteJobQueue } from "./sqlite-job-queue.js";

export interface JobStoreSettings {
  /** PLAN_SYNC_DATA_DIR: where the embedded store keeps its database. */
  dataDir: string;
  concurrency: ConcurrencyLimits;
  /** REDIS_URL and its companions: set, jobs are shared by every replica through Redis. */
  redis?: { url: string; prefix: string; leaseMs: number } | null;
}

/** The job store's file inside the data directory. */
export function jobStorePath(dataDir: string): string {
  return join(resolve(dataDir), "jobs.sqlite");
}

/**
 * The App's queue, on the backend the settings choose: Redis (BullMQ) when
 * REDIS_URL is set, so several replicas share it; else the embedded SQLite
 * store under PLAN_SYNC_DATA_DIR, for one instance.
 */
export function openJobQueue(
  settings: JobStoreSettings,
  merge: SupersedeMerge,
  log?: JobQueueOptions["log"],
): JobQueue {
  if (settings.redis) {
    return new RedisJobQueue({
      url: settings.redis.url,
      prefix: settings.redis.prefix,
      leaseMs: settings.redis.leaseMs,
      merge,
      concurrency: settings.concurrency,
      ...(log ? { log } : {}),
    });
  }
  return new SqliteJobQueue({
    path: jobStorePath(settings.dataDir),
    merge,
    concurrency: settings.concurrency,
    ...(log ? { log } : {}),
  });
}
