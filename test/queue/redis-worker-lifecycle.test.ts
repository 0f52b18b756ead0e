import { Worker } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import type { JobSpec } from "../../src/queue/job-queue.js";
import type { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { useRedisQueues } from "./redis-queues.js";

/** A replica's one BullMQ worker: started once however often start is called, and gone once the queue is closed. */
const store = useRedisQueues();
let prefixes = 0;

function open(prefix: string, global = 4): RedisJobQueue {
  return store.open({ prefix, leaseMs: 1_000, recheckMs: 20, concurrency: { global, perInstallation: 4 } });
}

const spec = (repo: string, installationId: number): JobSpec => ({
  kind: "push-sync",
  repo,
  installationId,
  payload: repo,
});

describe("Redis job queue's worker", () => {
  it("started twice, it still runs one job at a time under a global bound of one", async () => {
    const queue = open(`twice-${++prefixes}`, 1);
    let running = 0;
    let most = 0;
    const runner = async () => {
      most = Math.max(most, ++running);
      // Long enough for a second worker, had start made one, to take the other repository's job meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      running--;
      return { kind: "done" } as const;
    };
    await queue.start(runner);
    await queue.start(runner);
    await queue.enqueue(spec("acme/one", 1));
    await queue.enqueue(spec("acme/two", 2));
    await queue.onIdle();
    expect(most).toBe(1);
  });

  it("a replica closed without stop takes no more jobs: every job of the other replica runs", async () => {
    const prefix = `closed-${++prefixes}`;
    const closing = open(prefix);
    await closing.start(async () => ({ kind: "done" }));
    await closing.close();
    const other = open(prefix);
    const ran: string[] = [];
    await other.start(async (job) => {
      ran.push(job.repo);
      return { kind: "done" };
    });
    const repos = ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e", "acme/f"];
    for (const repo of repos) await other.enqueue(spec(repo, 1));
    await other.onIdle();
    expect(ran.sort()).toEqual(repos);
  });

  it("a job its worker takes while the replica is stopping is put back, not failed: the next start runs it", async () => {
    const prefix = `stopping-${++prefixes}`;
    const errors: string[] = [];
    const first = store.open({
      prefix,
      leaseMs: 1_000,
      recheckMs: 20,
      log: { warn: () => {}, error: (_fields: unknown, message?: string) => void errors.push(String(message)) },
    });
    await first.start(async () => ({ kind: "done" }));
    // A webhook's job arrives as stop begins: stop has let go of its runner, and the worker, not yet paused, takes the job.
    const pause = Worker.prototype.pause;
    const late = vi.spyOn(Worker.prototype, "pause").mockImplementation(async function (this: Worker, ...args) {
      expect(await first.enqueue(spec("acme/late", 1))).toBe("queued");
      await new Promise((resolve) => setTimeout(resolve, 300));
      return pause.apply(this, args);
    });
    try {
      expect(await first.stop(1_000)).toEqual({ interrupted: 0, left: 1 });
    } finally {
      late.mockRestore();
    }
    expect(errors).toEqual([]);
    await first.close();
    const ran: unknown[] = [];
    const second = store.open({ prefix, leaseMs: 1_000, recheckMs: 20 });
    await second.start(async (job) => {
      ran.push(job.payload);
      return { kind: "done" };
    });
    await second.onIdle();
    expect(ran).toEqual(["acme/late"]);
  });
});
