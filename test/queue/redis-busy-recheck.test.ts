import { Job } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import type { JobSpec } from "../../src/queue/job-queue.js";
import { useRedisQueues } from "./redis-queues.js";

/**
 * A job whose repository is busy (another of its jobs runs) goes back to BullMQ's delayed set and looks again
 * `recheckMs` later: one job a repository is waiting on must not keep Redis and the replica busy meanwhile.
 */
const store = useRedisQueues();

const spec = (payload: string): JobSpec => ({ kind: "push-sync", repo: "acme/plans", installationId: 1, payload });

describe("Redis job queue: a job waiting for its busy repository", () => {
  it("looks again every recheckMs (250 ms unless set), not at once", async () => {
    const queue = store.open({ prefix: "busy-recheck", leaseMs: 5_000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: unknown[] = [];
    const putBack = vi.spyOn(Job.prototype, "moveToDelayed");
    try {
      await queue.start(async (job) => {
        ran.push(job.payload);
        if (job.payload === "first") await gate;
        return { kind: "done" };
      });
      await queue.enqueue(spec("first"));
      for (let i = 0; i < 250 && ran.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await queue.enqueue(spec("second"));
      putBack.mockClear();
      // 300 ms of the first job running: the second is put back once or twice at 250 ms, not dozens of times.
      await new Promise((r) => setTimeout(r, 300));
      expect(putBack.mock.calls.length).toBeLessThanOrEqual(3);
      release();
      await queue.onIdle();
      expect(ran).toEqual(["first", "second"]);
    } finally {
      release();
      putBack.mockRestore();
    }
  });
});
