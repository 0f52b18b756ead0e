import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobSpec, Json } from "../../src/queue/job-queue.js";
import { SqliteJobQueue, type SqliteJobQueueOptions } from "../../src/queue/sqlite-job-queue.js";
import { queueContract } from "./contract.js";

queueContract("sqlite (file)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "plan-sync-queue-"));
  return {
    open: async (options) => new SqliteJobQueue({ ...options, path: join(dir, "nested", "jobs.sqlite") }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

/**
 * What the embedded store promises beyond the contract: its bounds (remembered keys, notes), a closed queue's
 * answers, a damaged store reported as unhealthy, and scheduling details a backend-neutral test cannot reach.
 */
describe("SQLite job store", () => {
  let dir: string;
  const opened: SqliteJobQueue[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-sync-sqlite-"));
  });
  afterEach(async () => {
    for (const queue of opened.splice(0)) {
      await queue.stop(0);
      await queue.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const path = () => join(dir, "jobs.sqlite");
  const open = (options: Partial<SqliteJobQueueOptions> = {}) => {
    const queue = new SqliteJobQueue({ path: path(), log: { warn: () => {}, error: () => {} }, ...options });
    opened.push(queue);
    return queue;
  };
  const spec = (repo: string, payload: Json, extra: Partial<JobSpec> = {}): JobSpec => ({
    kind: "push",
    repo,
    installationId: 1,
    payload,
    ...extra,
  });
  /** Lets the queue's scheduled pump (setImmediate) run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it("keeps its file in write-ahead-log mode: a commit appends to jobs.sqlite-wal, which the checkpointer folds in", async () => {
    const queue = open();
    await queue.enqueue(spec("acme/a", "sync"));
    // Without WAL a commit would rewrite the database file through a rollback journal, deleted after each commit, and
    // wait for its fsyncs inside the webhook's answer; nor could the checkpoint worker read while the store writes.
    expect(existsSync(`${path()}-wal`)).toBe(true);
    expect(existsSync(`${path()}-journal`)).toBe(false);
  });

  it("a closed store still names its file and backend in its stats (the contract checks the rest)", async () => {
    const queue = open();
    await queue.close();
    expect(await queue.stats()).toEqual({
      backend: "sqlite",
      location: path(),
      running: 0,
      waiting: 0,
      delayed: 0,
      healthy: false,
    });
  });

  it("a store it can no longer read (its table gone) shows as unhealthy, logged, instead of throwing", async () => {
    const errors: Array<[unknown, string]> = [];
    const queue = open({
      log: {
        warn: () => {},
        error: (fields: unknown, message?: string) => void errors.push([fields, String(message)]),
      },
    });
    const other = new Database(path());
    other.exec("DROP TABLE jobs");
    other.close();
    expect(await queue.stats()).toMatchObject({ backend: "sqlite", waiting: 0, delayed: 0, healthy: false });
    // With the cause, for whoever reads the log.
    expect(errors).toEqual([
      [{ err: expect.objectContaining({ message: "no such table: jobs" }) }, "job store: cannot read the queue"],
    ]);
    opened.splice(opened.indexOf(queue), 1);
    await queue.close();
  });

  it("without a log of its own, a failed job is written to stderr with its error", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const queue = new SqliteJobQueue({ path: path() });
      opened.push(queue);
      const boom = new Error("boom");
      await queue.start(async () => {
        throw boom;
      });
      await queue.enqueue(spec("acme/a", null));
      await queue.onIdle();
      expect(consoleError).toHaveBeenCalledWith("acme/a: push job failed", boom);
    } finally {
      consoleError.mockRestore();
    }
  });

  it("onIdle on a started queue with nothing to do resolves at once", async () => {
    const queue = open();
    await queue.start(async () => ({ kind: "done" }));
    await expect(queue.onIdle()).resolves.toBeUndefined();
  });

  it("stop waits for a job that finishes after it was called", async () => {
    const queue = open();
    let release: () => void = () => {};
    const started = new Promise<void>((resolveStarted) => {
      void queue.start(
        () =>
          new Promise((resolve) => {
            release = () => resolve({ kind: "done" });
            resolveStarted();
          }),
      );
    });
    await queue.enqueue(spec("acme/a", "one"));
    await started;
    const stopped = queue.stop(10_000);
    await settle();
    release();
    expect(await stopped).toEqual({ interrupted: 0, left: 0 });
  });

  it("a job of a busy installation waits for its slot even when enqueued while the other runs", async () => {
    const queue = open({ concurrency: { global: 4, perInstallation: 1 } });
    const started: Json[] = [];
    const releases = new Map<Json, () => void>();
    await queue.start(
      (job) =>
        new Promise((resolve) => {
          started.push(job.payload);
          releases.set(job.payload, () => resolve({ kind: "done" }));
        }),
    );
    await queue.enqueue(spec("acme/a", "a"));
    await settle();
    await queue.enqueue(spec("acme/b", "b"));
    await queue.enqueue(spec("other/c", "c", { installationId: 2 }));
    await settle();
    expect(started).toEqual(["a", "c"]);
    releases.get("a")?.();
    await settle();
    expect(started).toEqual(["a", "c", "b"]);
    releases.get("b")?.();
    releases.get("c")?.();
    await queue.onIdle();
  });

  it("a started store with nothing due sleeps: it looks at its jobs again only when the next delayed one is due", async () => {
    // Every look at the jobs (a pump) reads the clock: counting the reads counts the wake-ups.
    let looks = 0;
    const queue = open({
      now: () => {
        looks++;
        return Date.now();
      },
    });
    const ran: Json[] = [];
    await queue.start(async (job) => {
      ran.push(job.payload);
      return { kind: "done" };
    });
    await queue.enqueue(spec("acme/a", "now"));
    await queue.onIdle();
    expect(ran).toEqual(["now"]);
    // Nothing stored: no timer. A loop re-arming every millisecond would look hundreds of times here.
    looks = 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(looks).toBe(0);
    // A job a minute away: one timer for its time (a few looks around the enqueue), then sleep.
    await queue.enqueue(spec("acme/a", "later", { runAt: Date.now() + 60_000 }));
    await settle();
    looks = 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(looks).toBe(0);
    expect(ran).toEqual(["now"]);
  });

  it("remembers succeeded keys up to its bound, pruned every 100 successes (default bound 10,000)", async () => {
    const runAll = async (queue: SqliteJobQueue) => {
      await queue.start(async () => ({ kind: "done" }));
      for (let i = 1; i <= 100; i++) await queue.enqueue(spec("acme/a", i, { idempotencyKey: `k${i}` }));
      await queue.onIdle();
    };
    const bounded = open({ doneKeyLimit: 50 });
    await runAll(bounded);
    expect(await bounded.enqueue(spec("acme/a", "again", { idempotencyKey: "k50" }))).toBe("queued");
    expect(await bounded.enqueue(spec("acme/a", "again", { idempotencyKey: "k51" }))).toBe("duplicate");
    await bounded.stop(0);
    await bounded.close();
    rmSync(path());
    const byDefault = open();
    await runAll(byDefault);
    expect(await byDefault.enqueue(spec("acme/a", "again", { idempotencyKey: "k1" }))).toBe("duplicate");
  });

  it("keeps a succeeded key over the bound until the 100th success prunes (no scan per success)", async () => {
    const queue = open({ doneKeyLimit: 1 });
    await queue.start(async () => ({ kind: "done" }));
    await queue.enqueue(spec("acme/a", 1, { idempotencyKey: "k1" }));
    await queue.enqueue(spec("acme/a", 2, { idempotencyKey: "k2" }));
    await queue.onIdle();
    expect(await queue.enqueue(spec("acme/a", "again", { idempotencyKey: "k1" }))).toBe("duplicate");
  });

  it("jobs without an idempotency key take no room among the remembered keys", async () => {
    let clock = 1_000_000;
    const queue = open({ doneKeyLimit: 1, now: () => ++clock });
    await queue.start(async () => ({ kind: "done" }));
    await queue.enqueue(spec("acme/a", "keyed", { idempotencyKey: "k1" }));
    // 99 more successes: the 100th prunes to the bound, which k1 alone fills.
    for (let i = 2; i <= 100; i++) await queue.enqueue(spec("acme/a", i));
    await queue.onIdle();
    expect(await queue.enqueue(spec("acme/a", "again", { idempotencyKey: "k1" }))).toBe("duplicate");
  });

  it("a job whose end cannot be written is logged and stays stored, so it runs again", async () => {
    const errors: Array<[unknown, string]> = [];
    const queue = open({
      log: {
        warn: () => {},
        error: (fields: unknown, message?: string) => void errors.push([fields, String(message)]),
      },
    });
    const other = new Database(path());
    const ran: Json[] = [];
    await queue.start(async (job) => {
      ran.push(job.payload);
      // First run: the table of succeeded keys disappears under it (a damaged store); second run: it is back.
      if (ran.length === 1) other.exec("DROP TABLE done_keys");
      else other.exec("CREATE TABLE done_keys (key TEXT PRIMARY KEY, done_at INTEGER NOT NULL)");
      return { kind: "done" };
    });
    await queue.enqueue(spec("acme/a", "sync", { idempotencyKey: "d1" }));
    await queue.onIdle();
    other.close();
    expect(ran).toEqual(["sync", "sync"]);
    expect(errors).toEqual([
      [
        { err: expect.objectContaining({ message: "no such table: done_keys" }) },
        "acme/a: push job: cannot update the job store",
      ],
    ]);
    expect(await queue.enqueue(spec("acme/a", "again", { idempotencyKey: "d1" }))).toBe("duplicate");
  });

  it("keeps the newest notes up to its bound, pruned every 100 writes", async () => {
    let clock = 0;
    const queue = open({ noteLimit: 100, now: () => ++clock });
    for (let i = 1; i <= 201; i++) await queue.writeNote(`n${i}`, i);
    // Pruned at the 100th write (nothing over the bound) and the 200th (n1..n100 go); n201 is over until the 300th.
    expect(await queue.readNote("n100")).toBeNull();
    expect(await queue.readNote("n101")).toBe(101);
    expect(await queue.readNote("n201")).toBe(201);
  });

  it("a burst's entry keys count towards the pruning of succeeded keys: 100 closes in one write-back prune", async () => {
    let clock = 1_000_000;
    const queue = open({ doneKeyLimit: 1, now: () => ++clock });
    // One write-back job carrying 100 closes, each delivery with its own key (the first key is the job's own).
    for (let i = 1; i <= 100; i++) {
      const outcome = await queue.enqueue(
        spec("acme/a", "burst", { supersedeKey: "wb", entry: i, idempotencyKey: `e${i}` }),
      );
      expect(outcome).toBe(i === 1 ? "queued" : "joined");
    }
    await queue.start(async () => ({ kind: "done" }));
    await queue.onIdle();
    await queue.stop(0);
    // 100 keys remembered by one success: pruned to the bound at once, so the redeliveries are new work again.
    const again: string[] = [];
    for (let i = 1; i <= 100; i++)
      again.push(await queue.enqueue(spec("acme/b", "again", { idempotencyKey: `e${i}` })));
    expect(again.filter((outcome) => outcome === "duplicate").length).toBeLessThanOrEqual(1);
  });

  describe("a store file made before bursts had entries (no run_by column)", () => {
    const OLD_SCHEMA = `CREATE TABLE jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, repo TEXT NOT NULL, installation_id INTEGER NOT NULL,
      idempotency_key TEXT, supersede_key TEXT, payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      run_at INTEGER NOT NULL, enqueued_at INTEGER NOT NULL)`;
    const t = 5_000_000;
    const oldStore = (waitingUntil: number) => {
      const db = new Database(path());
      db.exec(OLD_SCHEMA);
      // exec, not a prepared statement: see NEVER_COLLECTED in sqlite-job-queue.ts (the numbers are the test's own).
      db.exec(`INSERT INTO jobs (kind, repo, installation_id, supersede_key, payload, run_at, enqueued_at)
         VALUES ('write-back', 'acme/a', 1, 'wb', '"old burst"', ${waitingUntil}, ${t})`);
      db.close();
    };

    it("opens, and a close joining the job stored before keeps that job's time", async () => {
      oldStore(t + 60_000);
      const queue = open({ now: () => t });
      expect(await queue.enqueue(spec("acme/a", "close", { kind: "write-back", supersedeKey: "wb", entry: 1 }))).toBe(
        "joined",
      );
      expect((await queue.list()).map((job) => [job.payload, job.runAt, job.entries])).toEqual([
        ["old burst", t + 60_000, [1]],
      ]);
    });

    it("gains the column, so a new burst stores its run-by time", async () => {
      oldStore(t + 60_000);
      const queue = open({ now: () => t });
      expect(
        await queue.enqueue(
          spec("acme/b", "new burst", { kind: "write-back", supersedeKey: "wb", entry: 1, runBy: t + 5_000 }),
        ),
      ).toBe("queued");
      // A later close joins and the burst runs by the first close's deadline, not the later one's.
      expect(
        await queue.enqueue(
          spec("acme/b", "ignored", { kind: "write-back", supersedeKey: "wb", entry: 2, runAt: t + 9_000 }),
        ),
      ).toBe("joined");
      const burst = (await queue.list()).find((job) => job.repo === "acme/b");
      expect([burst?.payload, burst?.runAt, burst?.entries]).toEqual(["new burst", t + 5_000, [1, 2]]);
    });
  });
});
