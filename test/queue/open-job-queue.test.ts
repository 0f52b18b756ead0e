import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobQueue } from "../../src/queue/job-queue.js";
import { openJobQueue, type JobStoreSettings } from "../../src/queue/open-job-queue.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

/**
 * The queue the App opens logs through the App's log (Probot's, with the delivery's context), whichever backend
 * the settings choose: a failed job must reach the operator's log, not stderr.
 */
let redis: RedisServer;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), "plan-sync-open-queue-"));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const concurrency = { global: 2, perInstallation: 2 };

/** What the App sees of the queue it opened: its log lines for a failed job and the backend its /healthz names. */
async function failedJobLog(
  settings: JobStoreSettings,
): Promise<{ logged: string[]; backend: string; location: string }> {
  const logged: string[] = [];
  const queue: JobQueue = openJobQueue(settings, () => ({ payload: null }), {
    warn: (message: string | object) => void logged.push(`warn: ${String(message)}`),
    error: (_fields: unknown, message?: string) => void logged.push(`error: ${message}`),
  });
  try {
    await queue.start(async () => {
      throw new Error("boom");
    });
    await queue.enqueue({ kind: "push", repo: "acme/plans", installationId: 1, payload: null });
    await queue.onIdle();
    const { backend, location } = await queue.stats();
    return { logged, backend, location };
  } finally {
    await queue.stop(0);
    await queue.close();
  }
}

describe("openJobQueue passes the App's log to the backend the settings choose", () => {
  it("without REDIS_URL, the embedded SQLite store in the data directory logs a failed job there", async () => {
    const seen = await failedJobLog({ dataDir: dir, concurrency });
    expect(seen.logged).toContain("error: acme/plans: push job failed");
    expect([seen.backend, seen.location]).toEqual(["sqlite", join(dir, "jobs.sqlite")]);
  });

  it("with REDIS_URL, the Redis store logs a failed job there", async () => {
    const settings = { dataDir: dir, concurrency, redis: { url: redis.url, prefix: "open-queue", leaseMs: 1_000 } };
    const seen = await failedJobLog(settings);
    expect(seen.logged).toContain("error: acme/plans: push job failed");
    // Several replicas share it: not a file of this one's.
    expect([seen.backend, seen.location]).toEqual(["redis", redis.url]);
  });
});
