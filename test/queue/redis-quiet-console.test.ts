import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobSpec } from "../../src/queue/job-queue.js";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";

/**
 * An App whose Redis is down reconnects every few hundred milliseconds. Each
 * failed connect is an "error" event of ioredis's and BullMQ's connections:
 * unheard, both print it to the console (ioredis's "Unhandled error event",
 * BullMQ's stack), flooding the App's output. The queue answers with its
 * health and failing calls instead.
 */
const spec: JobSpec = { kind: "push-sync", repo: "acme/plans", installationId: 1, payload: "sync" };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Redis job queue with its Redis down", () => {
  it("prints nothing to the console: the enqueue fails and stats say unhealthy", async () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args));
    const queue = new RedisJobQueue({
      url: "redis://127.0.0.1:1",
      prefix: "down",
      enqueueTimeoutMs: 1_000,
      log: { warn: () => {}, error: () => {} },
    });
    try {
      await expect(queue.enqueue(spec)).rejects.toThrow();
      expect(await queue.stats()).toMatchObject({ healthy: false });
    } finally {
      await queue.close();
    }
    expect(printed).toEqual([]);
  });
});
