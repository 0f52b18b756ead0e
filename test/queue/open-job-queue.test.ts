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

async function failedJobLog(settings: JobStoreSettings): Promise<string[]> {
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
  } finally {
    await queue.stop(0);
    await queue.close();
  }
  return logged;
}

describe("openJobQueue passes the App's log to the backend", () => {
  it("the embedded SQLite store logs a failed job there", async () => {
    expect(await failedJobLog({ dataDir: dir, concurrency })).toContain("error: acme/plans: push job failed");
  });

  it("the Redis store logs a failed job there", async () => {
    const settings = { dataDir: dir, concurrency, redis: { url: redis.url, prefix: "open-queue", leaseMs: 1_000 } };
    expect(await failedJobLog(settings)).toContain("error: acme/plans: push job failed");
  });
});
