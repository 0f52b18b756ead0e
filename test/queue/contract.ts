import { afterEach, describe, expect, it } from "vitest";
import type {
  JobOutcome,
  JobQueue,
  JobQueueOptions,
  JobRunner,
  JobSpec,
  StoredJob,
} from "../../src/queue/job-queue.js";

/**
 * What every JobQueue backend promises the App (src/queue/job-queue.ts), as a
 * suite each backend runs: `queueContract("sqlite", factory)`.
 *
 * `open(options)` returns a queue on the backend's store; calling it again
 * after the first was closed (or abandoned, as after a crash) must give a
 * queue on the SAME store: that is how durability is tested.
 */
export interface ContractBackend {
  open(options?: JobQueueOptions): Promise<JobQueue>;
  /** Removes the store (after each test). */
  dispose(): Promise<void>;
}

export interface ContractOptions {
  /**
   * The oldest due job of ANY repository starts first when a slot frees. The
   * embedded store promises it; a store shared by replicas promises order per
   * repository only (each replica takes what it finds first).
   */
  globalOrder?: boolean;
}

export function queueContract(
  name: string,
  backend: () => Promise<ContractBackend>,
  contract: ContractOptions = { globalOrder: true },
): void {
  describe(`JobQueue contract: ${name}`, () => {
    let current: ContractBackend | null = null;
    const opened: JobQueue[] = [];

    const open = async (options?: JobQueueOptions): Promise<JobQueue> => {
      current ??= await backend();
      const queue = await current.open({ log: { warn: () => {}, error: () => {} }, ...options });
      opened.push(queue);
      return queue;
    };

    afterEach(async () => {
      for (const queue of opened.splice(0)) {
        await queue.stop(0);
        await queue.close();
      }
      await current?.dispose();
      current = null;
    });

    const spec = (repo: string, payload: JobSpec["payload"], extra: Partial<JobSpec> = {}): JobSpec => ({
      kind: "test",
      repo,
      installationId: 1,
      payload,
      ...extra,
    });

    /** A runner that records what ran and holds each job until the test releases it. */
    const gatedRunner = () => {
      const started: StoredJob[] = [];
      const gates = new Map<string, (outcome?: JobOutcome) => void>();
      let live = 0;
      let maxLive = 0;
      const waiters: Array<() => void> = [];
      const runner: JobRunner = (job) =>
        new Promise<JobOutcome>((resolve) => {
          started.push(job);
          live++;
          maxLive = Math.max(maxLive, live);
          gates.set(JSON.stringify(job.payload), (outcome) => {
            live--;
            resolve(outcome ?? { kind: "done" });
          });
          for (const w of waiters.splice(0)) w();
        });
      const untilStarted = async (n: number) => {
        while (started.length < n) await new Promise<void>((r) => waiters.push(r));
      };
      const release = (payload: JobSpec["payload"], outcome?: JobOutcome) => {
        const gate = gates.get(JSON.stringify(payload));
        if (!gate) throw new Error(`${JSON.stringify(payload)} is not running`);
        gates.delete(JSON.stringify(payload));
        gate(outcome);
      };
      return {
        runner,
        started,
        untilStarted,
        release,
        maxLive: () => maxLive,
        payloads: () => started.map((j) => j.payload),
      };
    };

    const instant = () => {
      const ran: StoredJob[] = [];
      const runner: JobRunner = async (job) => {
        ran.push(job);
        return { kind: "done" };
      };
      return { runner, ran, payloads: () => ran.map((j) => j.payload) };
    };

    it("runs an enqueued job once, with its payload as plain data", async () => {
      const queue = await open();
      const { runner, ran } = instant();
      await queue.start(runner);
      expect(
        await queue.enqueue(
          spec(
            "Acme/Plans",
            { n: 1, nested: { list: ["a"] } },
            { kind: "push-sync", idempotencyKey: "d1", supersedeKey: "s" },
          ),
        ),
      ).toBe("queued");
      await queue.onIdle();
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({
        kind: "push-sync",
        repo: "acme/plans",
        installationId: 1,
        payload: { n: 1, nested: { list: ["a"] } },
        idempotencyKey: "d1",
        supersedeKey: "s",
        attempts: 0,
      });
      expect(await queue.list()).toEqual([]);
    });

    it("runs one job of a repository at a time, in enqueue order, while other repositories go on", async () => {
      const queue = await open({ concurrency: { global: 4, perInstallation: 4 } });
      const g = gatedRunner();
      await queue.start(g.runner);
      await queue.enqueue(spec("acme/a", "a1"));
      await queue.enqueue(spec("acme/a", "a2"));
      await queue.enqueue(spec("acme/b", "b1"));
      await g.untilStarted(2);
      // a2 waits for a1; b1 does not.
      expect(g.payloads()).toEqual(["a1", "b1"]);
      g.release("b1");
      g.release("a1");
      await g.untilStarted(3);
      expect(g.payloads()).toEqual(["a1", "b1", "a2"]);
      g.release("a2");
      await queue.onIdle();
    });

    it("bounds jobs running at once, globally and per installation", async () => {
      const queue = await open({ concurrency: { global: 2, perInstallation: 1 } });
      const g = gatedRunner();
      await queue.start(g.runner);
      await queue.enqueue(spec("one/a", "1a", { installationId: 1 }));
      await queue.enqueue(spec("one/b", "1b", { installationId: 1 }));
      await queue.enqueue(spec("two/a", "2a", { installationId: 2 }));
      await queue.enqueue(spec("three/a", "3a", { installationId: 3 }));
      await g.untilStarted(2);
      // Installation 1 has one slot: its second repository waits although a global slot would be free.
      expect(g.payloads()).toEqual(["1a", "2a"]);
      expect((await queue.stats()).running).toBe(2);
      g.release("1a");
      await g.untilStarted(3);
      if (contract.globalOrder) expect(g.payloads()[2]).toBe("1b");
      else expect(["1b", "3a"]).toContain(g.payloads()[2]);
      g.release("2a");
      await g.untilStarted(4);
      g.release("1b");
      g.release("3a");
      await queue.onIdle();
      expect(g.maxLive()).toBe(2);
    });

    it("a job with the supersede key of one not started replaces it, with what merge carries over", async () => {
      const merged: Array<[unknown, unknown]> = [];
      const queue = await open({
        merge: (older, newer) => {
          merged.push([older.payload, newer.payload]);
          return {
            payload: {
              before: (older.payload as { before: string }).before,
              after: (newer.payload as { after: string }).after,
            },
          };
        },
      });
      const g = gatedRunner();
      await queue.start(g.runner);
      await queue.enqueue(spec("acme/a", { running: true }, { supersedeKey: "push:main" }));
      await g.untilStarted(1);
      // The running job is never replaced: the next one waits behind it.
      expect(await queue.enqueue(spec("acme/a", { before: "1", after: "2" }, { supersedeKey: "push:main" }))).toBe(
        "queued",
      );
      expect(await queue.enqueue(spec("acme/a", { before: "2", after: "3" }, { supersedeKey: "push:main" }))).toBe(
        "superseded",
      );
      // Same key in another repository: a different job.
      expect(await queue.enqueue(spec("acme/b", { other: true }, { supersedeKey: "push:main" }))).toBe("queued");
      expect(merged).toEqual([
        [
          { before: "1", after: "2" },
          { before: "2", after: "3" },
        ],
      ]);
      g.release({ running: true });
      await g.untilStarted(3);
      g.release({ other: true });
      g.release({ before: "1", after: "3" });
      await queue.onIdle();
      expect(g.payloads()).toContainEqual({ before: "1", after: "3" });
      expect(g.payloads()).not.toContainEqual({ before: "2", after: "3" });
    });

    it("an entry joins the job of its supersede key not started: one job, its entries in order, moved to the newest entry's time but never past its runBy", async () => {
      const queue = await open();
      const t = Date.now();
      const burst = (entry: number, key: string, runAt: number, extra: Partial<JobSpec> = {}) =>
        spec("acme/a", `payload ${entry}`, {
          supersedeKey: "burst",
          idempotencyKey: key,
          entry,
          runAt,
          runBy: t + 120_000,
          ...extra,
        });
      expect(await queue.enqueue(burst(1, "d1", t + 60_000))).toBe("queued");
      // A later joiner's own runBy does not count: the first entry's bounds the job.
      expect(await queue.enqueue(burst(2, "d2", t + 90_000, { runBy: t + 999_000 }))).toBe("joined");
      expect(await queue.list()).toMatchObject([
        { payload: "payload 1", idempotencyKey: "d1", entries: [1, 2], runAt: t + 90_000 },
      ]);
      expect(await queue.enqueue(burst(3, "d3", t + 150_000))).toBe("joined");
      expect(await queue.list()).toMatchObject([{ payload: "payload 1", entries: [1, 2, 3], runAt: t + 120_000 }]);
      // Each delivery that joined is stored: redelivered, it is a duplicate, not a second entry.
      expect(await queue.enqueue(burst(2, "d2", t + 60_000))).toBe("duplicate");
      expect(await queue.enqueue(burst(1, "d1", t + 60_000))).toBe("duplicate");
      // The same key in another repository: a job of its own.
      expect(await queue.enqueue(spec("acme/b", "b", { supersedeKey: "burst", entry: 9 }))).toBe("queued");
      const g = gatedRunner();
      await queue.start(g.runner);
      await queue.promoteDelayed();
      await g.untilStarted(2);
      expect(g.started.map((j) => [j.payload, j.entries]).sort()).toEqual([
        ["b", [9]],
        ["payload 1", [1, 2, 3]],
      ]);
      // A running job takes no more entries: the next one starts a job of its own.
      expect(await queue.enqueue(burst(4, "d4", t))).toBe("queued");
      g.release("payload 1");
      g.release("b");
      await g.untilStarted(3);
      expect(g.started[2]).toMatchObject({ payload: "payload 4", entries: [4] });
      g.release("payload 4");
      await queue.onIdle();
      // Done: every delivery the job carried is a no-op when GitHub delivers it again.
      for (const key of ["d1", "d2", "d3"]) expect(await queue.enqueue(burst(5, key, t))).toBe("duplicate");
      expect(await queue.list()).toEqual([]);
    });

    it("entries without an idempotency key all join, and an entry joining a job stored without entries keeps its time", async () => {
      const queue = await open();
      const t = Date.now();
      const keyless = (entry: number) =>
        spec("acme/a", "burst", { supersedeKey: "burst", entry, runAt: t + 60_000, runBy: t + 120_000 });
      expect(await queue.enqueue(keyless(1))).toBe("queued");
      // No key, nothing to tell deliveries apart by: none is a duplicate of another.
      expect(await queue.enqueue(keyless(2))).toBe("joined");
      expect(await queue.enqueue(keyless(3))).toBe("joined");
      expect((await queue.list()).map((j) => j.entries)).toEqual([[1, 2, 3]]);
      // A job stored without an entry (a push, or a job from before entries) has no runBy: an entry joining it moves
      // it neither sooner nor later.
      expect(await queue.enqueue(spec("acme/b", "plain", { supersedeKey: "burst", runAt: t + 60_000 }))).toBe("queued");
      expect(await queue.enqueue(spec("acme/b", "burst", { supersedeKey: "burst", entry: 4, runAt: t + 1_000 }))).toBe(
        "joined",
      );
      expect(await queue.list()).toMatchObject([
        { repo: "acme/a", runAt: t + 60_000 },
        { repo: "acme/b", payload: "plain", entries: [4], runAt: t + 60_000 },
      ]);
    });

    it("a job's entries outlive a restart and a retry; a failed job's entries go with it and free their keys", async () => {
      const first = await open();
      const t = Date.now();
      const burst = (entry: number, key: string, extra: Partial<JobSpec> = {}) =>
        spec("acme/a", "burst", {
          supersedeKey: "burst",
          idempotencyKey: key,
          entry,
          runAt: t + 60_000,
          runBy: t + 120_000,
          ...extra,
        });
      await first.enqueue(burst(1, "d1"));
      await first.enqueue(burst(2, "d2"));
      // The process dies inside the window.
      await first.close();

      const second = await open();
      expect((await second.list()).map((j) => j.entries)).toEqual([[1, 2]]);
      const seen: StoredJob[] = [];
      await second.start(async (job) => {
        seen.push(job);
        return job.attempts === 0 ? { kind: "retry", runAt: Date.now() + 60_000 } : { kind: "failed" };
      });
      await second.promoteDelayed();
      for (let i = 0; i < 500 && (await second.list())[0]?.attempts !== 1; i++)
        await new Promise((r) => setTimeout(r, 10));
      // Waiting for its retry a minute away: an entry joins it, and it runs at the entry's (earlier) time.
      expect(await second.enqueue(burst(3, "d3", { runAt: Date.now() + 30 }))).toBe("joined");
      await second.onIdle();
      expect(seen.map((j) => [j.attempts, j.entries])).toEqual([
        [0, [1, 2]],
        [1, [1, 2, 3]],
      ]);
      await second.stop(1_000);
      // Failed for good: its deliveries may come again.
      expect(await second.enqueue(burst(2, "d2"))).toBe("queued");
      expect(await second.enqueue(burst(3, "d3"))).toBe("joined");
      // A job without an entry replacing it drops its entries (and frees their keys).
      expect(await second.enqueue(spec("acme/a", "replacement", { supersedeKey: "burst" }))).toBe("superseded");
      expect((await second.list()).map((j) => [j.payload, j.entries])).toEqual([["replacement", []]]);
      expect(await second.enqueue(spec("acme/a", "d3 again", { idempotencyKey: "d3" }))).toBe("queued");
    });

    it("skips a job whose idempotency key is stored or succeeded, and releases a superseded or failed job's key", async () => {
      const queue = await open();
      const outcomes: Record<string, JobOutcome> = { fails: { kind: "failed" } };
      const ran: unknown[] = [];
      await queue.enqueue(spec("acme/a", "first", { idempotencyKey: "d1" }));
      expect(await queue.enqueue(spec("acme/a", "again", { idempotencyKey: "d1" }))).toBe("duplicate");
      await queue.enqueue(spec("acme/a", "old", { idempotencyKey: "d2", supersedeKey: "s" }));
      await queue.enqueue(spec("acme/a", "new", { idempotencyKey: "d3", supersedeKey: "s" }));
      // d2's job was replaced before it ran: its delivery may come again and must not be lost.
      expect(await queue.enqueue(spec("acme/a", "d2 redelivered", { idempotencyKey: "d2" }))).toBe("queued");
      await queue.enqueue(spec("acme/a", "fails", { idempotencyKey: "d4" }));
      await queue.start(async (job) => {
        ran.push(job.payload);
        return outcomes[job.payload as string] ?? { kind: "done" };
      });
      await queue.onIdle();
      expect(ran).toEqual(["first", "new", "d2 redelivered", "fails"]);
      // Succeeded: a redelivery is a no-op. Failed for good: a redelivery tries again.
      expect(await queue.enqueue(spec("acme/a", "x", { idempotencyKey: "d1" }))).toBe("duplicate");
      expect(await queue.enqueue(spec("acme/a", "fails again", { idempotencyKey: "d4" }))).toBe("queued");
      await queue.onIdle();
    });

    it("a runner that throws fails the job (logged) and the queue goes on", async () => {
      const errors: string[] = [];
      const errorFields: unknown[] = [];
      const queue = await open({
        log: {
          warn: () => {},
          error: (fields: unknown, m?: string) => {
            errorFields.push(fields);
            errors.push(m ?? "");
          },
        },
      });
      const ran: unknown[] = [];
      await queue.start(async (job) => {
        ran.push(job.payload);
        if (job.payload === "boom") throw new Error("boom");
        return { kind: "done" };
      });
      await queue.enqueue(spec("acme/a", "boom", { idempotencyKey: "k" }));
      await queue.enqueue(spec("acme/a", "next"));
      await queue.onIdle();
      expect(ran).toEqual(["boom", "next"]);
      expect(errors).toEqual(["acme/a: test job failed"]);
      expect(errorFields).toEqual([{ err: expect.objectContaining({ message: "boom" }) }]);
      expect(await queue.enqueue(spec("acme/a", "boom", { idempotencyKey: "k" }))).toBe("queued");
      await queue.onIdle();
    });

    it("a delayed job waits for its time (or promoteDelayed) without holding up its repository", async () => {
      const queue = await open();
      const { runner, payloads } = instant();
      await queue.start(runner);
      await queue.enqueue(spec("acme/a", "later", { runAt: Date.now() + 60_000 }));
      await queue.enqueue(spec("acme/a", "now"));
      await until(() => payloads().length === 1);
      expect(payloads()).toEqual(["now"]);
      expect(await queue.stats()).toMatchObject({ delayed: 1, running: 0, healthy: true });
      expect(await queue.promoteDelayed()).toBe(1);
      await queue.onIdle();
      expect(payloads()).toEqual(["now", "later"]);
    });

    it("a delayed job runs by itself when its time comes", async () => {
      const queue = await open();
      const { runner, payloads } = instant();
      await queue.start(runner);
      await queue.enqueue(spec("acme/a", "soon", { runAt: Date.now() + 50 }));
      await queue.onIdle();
      expect(payloads()).toEqual(["soon"]);
    });

    it("a retry keeps the job stored, counts the attempt and runs it again at its time with its new payload", async () => {
      const queue = await open();
      const seen: StoredJob[] = [];
      await queue.start(async (job) => {
        seen.push(job);
        if (job.attempts < 2) return { kind: "retry", runAt: Date.now() + 20, payload: { try: job.attempts + 1 } };
        return { kind: "done" };
      });
      await queue.enqueue(spec("acme/a", { try: 0 }, { idempotencyKey: "r" }));
      // Stored while it waits to be tried again: a redelivery is still a duplicate.
      await until(() => seen.length === 1);
      expect(await queue.enqueue(spec("acme/a", "dup", { idempotencyKey: "r" }))).toBe("duplicate");
      await queue.onIdle();
      expect(seen.map((j) => [j.attempts, j.payload])).toEqual([
        [0, { try: 0 }],
        [1, { try: 1 }],
        [2, { try: 2 }],
      ]);
    });

    it("a new queue on the same store resumes every stored job, in order per repository", async () => {
      const first = await open();
      await first.enqueue(spec("acme/a", "a1", { idempotencyKey: "k1" }));
      await first.enqueue(spec("acme/b", "b1"));
      await first.enqueue(spec("acme/a", "a2", { runAt: Date.now() + 60_000 }));
      await first.enqueue(spec("acme/a", "a3"));
      await first.close();

      const second = await open();
      expect((await second.list()).map((j) => j.payload)).toEqual(["a1", "b1", "a2", "a3"]);
      // Keys survive too: a redelivery arriving during the restart is still a duplicate.
      expect(await second.enqueue(spec("acme/a", "a1 again", { idempotencyKey: "k1" }))).toBe("duplicate");
      const { runner, ran } = instant();
      await second.start(runner);
      // a2 is not due yet: it does not hold up a3.
      await until(() => ran.length === 3);
      // The delayed one keeps its time across the restart (the others are removed as they finish).
      let left: unknown[] = [];
      for (let i = 0; i < 200; i++) {
        left = (await second.list()).map((j) => j.payload);
        if (left.length === 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(left).toEqual(["a2"]);
      await second.promoteDelayed();
      await second.onIdle();
      expect(ran.filter((j) => j.repo === "acme/a").map((j) => j.payload)).toEqual(["a1", "a3", "a2"]);
      expect(ran.map((j) => j.payload)).toContain("b1");
    });

    it("a job running when the process died runs again on the next start; stop leaves waiting jobs stored", async () => {
      const errors: string[] = [];
      const first = await open({
        log: { warn: () => {}, error: (_fields: unknown, m?: string) => void errors.push(m ?? "") },
      });
      const g = gatedRunner();
      await first.start(g.runner);
      await first.enqueue(spec("acme/a", "running"));
      await first.enqueue(spec("acme/a", "waiting"));
      await g.untilStarted(1);
      // The deadline passes with the job still running: it is interrupted, not lost.
      expect(await first.stop(10)).toEqual({ interrupted: 1, left: 1 });
      expect(g.payloads()).toEqual(["running"]);
      await first.close();
      // Closed, nothing is left to wait for: the abandoned job's end will not be recorded (a shutdown must not hang).
      await first.onIdle();
      g.release("running");
      // Its outcome is not written to the closed store, and nothing is reported as failing.
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).toEqual([]);

      const second = await open();
      const { runner, payloads } = instant();
      await second.start(runner);
      await second.onIdle();
      expect(payloads()).toEqual(["running", "waiting"]);
    });

    it("a payload saved while the job runs is what the run resumed after a crash sees, and a retry keeps it", async () => {
      const first = await open();
      const saved = new Promise<void>((resolve) => {
        void first.start(async (job) => {
          await first.save(job.id, { step: "check run 42 opened" });
          resolve();
          // Killed here: the run never returns.
          return new Promise<JobOutcome>(() => {});
        });
      });
      await first.enqueue(spec("acme/a", { step: "new" }));
      await saved;
      expect((await first.list()).map((j) => j.payload)).toEqual([{ step: "check run 42 opened" }]);
      expect(await first.stop(10)).toEqual({ interrupted: 1, left: 0 });
      await first.close();

      const second = await open();
      const seen: StoredJob[] = [];
      await second.start(async (job) => {
        seen.push(job);
        if (job.attempts > 0) return { kind: "done" };
        await second.save(job.id, { step: "check run 42 resumed" });
        return { kind: "retry", runAt: Date.now() + 10 };
      });
      await second.onIdle();
      expect(seen.map((j) => [j.attempts, j.payload])).toEqual([
        [0, { step: "check run 42 opened" }],
        [1, { step: "check run 42 resumed" }],
      ]);
      await expect(second.save("no-such-job", {})).rejects.toThrow(/not running/);
    });

    it("notes are kept by key, outlive a restart, are removed with null and stay bounded", async () => {
      const first = await open({ noteLimit: 2 });
      expect(await first.readNote("unwritten:acme/a:plan.md")).toBeNull();
      await first.writeNote("unwritten:acme/a:plan.md", [{ number: 7, task: "DATA-1", done: true }]);
      await first.writeNote("other", "x");
      await first.writeNote("other", { replaced: true });
      await first.close();

      const second = await open({ noteLimit: 2 });
      expect(await second.readNote("unwritten:acme/a:plan.md")).toEqual([{ number: 7, task: "DATA-1", done: true }]);
      expect(await second.readNote("other")).toEqual({ replaced: true });
      await second.writeNote("other", null);
      expect(await second.readNote("other")).toBeNull();
      // Past the bound, the note written longest ago goes first.
      await second.writeNote("b", 1);
      await new Promise((r) => setTimeout(r, 5));
      await second.writeNote("c", 2);
      expect(await second.readNote("unwritten:acme/a:plan.md")).toBeNull();
      expect([await second.readNote("b"), await second.readNote("c")]).toEqual([1, 2]);
    });

    it("a note removed with null takes no room under the bound", async () => {
      const queue = await open({ noteLimit: 2 });
      await queue.writeNote("a", 1);
      await new Promise((r) => setTimeout(r, 5));
      await queue.writeNote("b", 2);
      await new Promise((r) => setTimeout(r, 5));
      await queue.writeNote("a", null);
      await new Promise((r) => setTimeout(r, 5));
      await queue.writeNote("c", 3);
      expect([await queue.readNote("a"), await queue.readNote("b"), await queue.readNote("c")]).toEqual([null, 2, 3]);
    });

    it("a closed queue refuses work with a clear answer and reports itself unhealthy, without logging an error", async () => {
      const errors: string[] = [];
      const queue = await open({
        log: { warn: () => {}, error: (_fields: unknown, m?: string) => void errors.push(m ?? "") },
      });
      await queue.enqueue(spec("acme/a", "stored"));
      await queue.close();
      expect(await queue.enqueue(spec("acme/a", "late"))).toBe("closed");
      await expect(Promise.resolve().then(() => queue.start(async () => ({ kind: "done" })))).rejects.toThrow(
        "job queue is closed",
      );
      expect(await queue.stats()).toMatchObject({ running: 0, waiting: 0, delayed: 0, healthy: false });
      expect(await queue.list()).toEqual([]);
      expect(await queue.promoteDelayed()).toBe(0);
      await expect(queue.save("1", "x")).rejects.toThrow("job queue is closed");
      await expect(queue.readNote("k")).rejects.toThrow("job queue is closed");
      await expect(queue.writeNote("k", 1)).rejects.toThrow("job queue is closed");
      await expect(queue.writeNote("k", null)).rejects.toThrow("job queue is closed");
      // Nothing to wait for any more (a shutdown path that waits after closing must not hang or fail).
      await expect(queue.onIdle()).resolves.toBeUndefined();
      // Closing twice is harmless (shutdown paths may both close).
      await expect(queue.close()).resolves.toBeUndefined();
      expect(errors).toEqual([]);
    });

    it("a job superseding a delayed one runs as soon as the newer one is due", async () => {
      const queue = await open();
      const { runner, payloads } = instant();
      await queue.start(runner);
      expect(
        await queue.enqueue(spec("acme/a", "old", { supersedeKey: "push:main", runAt: Date.now() + 60_000 })),
      ).toBe("queued");
      await new Promise((r) => setTimeout(r, 20)); // the queue has looked and is waiting for the delayed job
      expect(await queue.enqueue(spec("acme/a", "new", { supersedeKey: "push:main" }))).toBe("superseded");
      await queue.onIdle();
      expect(payloads()).toEqual(["new"]);
    });

    it("the merge decides a superseding job's time and it keeps the older job's enqueue time", async () => {
      let clock = 1_000_000;
      const later = clock + 60_000;
      const queue = await open({
        now: () => clock,
        merge: (_older, newer) => ({ payload: newer.payload, runAt: later }),
      });
      await queue.enqueue(spec("acme/a", "old", { supersedeKey: "push:main" }));
      clock += 5_000;
      expect(await queue.enqueue(spec("acme/a", "new", { supersedeKey: "push:main" }))).toBe("superseded");
      expect((await queue.list()).map(({ payload, runAt, enqueuedAt }) => ({ payload, runAt, enqueuedAt }))).toEqual([
        { payload: "new", runAt: later, enqueuedAt: 1_000_000 },
      ]);
    });

    it("stop waits for the running job to finish and starts nothing more", async () => {
      const queue = await open();
      const g = gatedRunner();
      await queue.start(g.runner);
      await queue.enqueue(spec("acme/a", "one"));
      await queue.enqueue(spec("acme/b", "two", { runAt: Date.now() + 10 }));
      await g.untilStarted(1);
      // A deadline far past the test's timeout: stop must end when the job does, not at its deadline.
      const stopped = queue.stop(60_000);
      g.release("one");
      expect(await stopped).toEqual({ interrupted: 0, left: 1 });
      await new Promise((r) => setTimeout(r, 30));
      expect(g.payloads()).toEqual(["one"]);
      // Work a finishing job hands on (or a late webhook) is still stored while stopping.
      expect(await queue.enqueue(spec("acme/c", "late"))).toBe("queued");
      expect((await queue.list()).map((j) => j.payload)).toEqual(["two", "late"]);
      expect(await queue.stats()).toMatchObject({ running: 0, healthy: true });
    });

    it("a job to be retried later counts as delayed until then, and promoteDelayed counts only delayed jobs", async () => {
      const queue = await open();
      const seen: StoredJob[] = [];
      await queue.start(async (job) => {
        seen.push(job);
        return job.attempts === 0 ? { kind: "retry", runAt: Date.now() + 60_000 } : { kind: "done" };
      });
      await queue.enqueue(spec("acme/a", "flaky"));
      await until(() => seen.length === 1);
      let stats = await queue.stats();
      for (let i = 0; i < 200 && stats.delayed !== 1; i++) {
        await new Promise((r) => setTimeout(r, 10));
        stats = await queue.stats();
      }
      expect(stats).toMatchObject({ waiting: 0, delayed: 1, running: 0 });
      await queue.stop(1_000);
      await queue.enqueue(spec("acme/b", "due"));
      expect(await queue.promoteDelayed()).toBe(1);
      expect(await queue.stats()).toMatchObject({ waiting: 2, delayed: 0 });
    });

    it("stats count waiting, delayed and running jobs", async () => {
      const queue = await open();
      const g = gatedRunner();
      await queue.enqueue(spec("acme/a", "a1"));
      await queue.enqueue(spec("acme/a", "a2"));
      await queue.enqueue(spec("acme/b", "b1", { runAt: Date.now() + 60_000 }));
      expect(await queue.stats()).toMatchObject({ waiting: 2, delayed: 1, running: 0, healthy: true });
      await queue.start(g.runner);
      await g.untilStarted(1);
      expect(await queue.stats()).toMatchObject({ waiting: 1, delayed: 1, running: 1 });
      g.release("a1");
      await g.untilStarted(2);
      g.release("a2");
    });
  });
}

async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
