import { execFileSync } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BACKSTOP_PAGES, startCheckpointer } from "../../src/queue/sqlite-checkpointer.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";

const KEPT: object[] = [];

/**
 * The job store's fsyncs happen when SQLite checkpoints its WAL into the database file. A webhook answer must not
 * wait for them, so a worker thread checkpoints instead of the commit that crosses SQLite's 1,000-page default.
 * Observable from outside: the database file takes the data while the writing connection never checkpoints.
 */
describe("SQLite checkpoints off the webhook's thread", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-sync-checkpoint-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const size = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  /** Polls until `done` holds (the worker runs on its own clock); fails with what it saw after 10 s. */
  const until = async (done: () => boolean, what: () => string) => {
    for (let waited = 0; waited < 10_000; waited += 25) {
      if (done()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`never happened: ${what()}`);
  };
  const MB = 1024 * 1024;

  it("the worker moves a writer's WAL into the database file while the writer never checkpoints", async () => {
    const path = join(dir, "jobs.sqlite");
    const db = new Database(path);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0");
    db.exec("CREATE TABLE t (v TEXT)");
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    for (let i = 0; i < 20; i++) insert.run("x".repeat(100_000));
    expect(size(path)).toBeLessThan(MB);
    const checkpointer = startCheckpointer(path, { intervalMs: 20 });
    try {
      await until(
        () => size(path) >= 1.5 * MB,
        () => `database ${size(path)} bytes, WAL ${size(`${path}-wal`)} bytes`,
      );
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it("a file-backed job store's big payloads reach the database file without a checkpoint in enqueue", async () => {
    const path = join(dir, "jobs.sqlite");
    const queue = new SqliteJobQueue({ path, log: { warn: () => {}, error: () => {} } as never });
    try {
      // 3 MB of jobs, far below the writer's own backstop (40 MB): only the worker's checkpoints bring them into the
      // database file; without it the file would stay a few pages long until the WAL reached 40 MB.
      for (let i = 0; i < 30; i++) {
        await queue.enqueue({ kind: "push", repo: "acme/a", installationId: 1, payload: "x".repeat(100_000) });
      }
      await until(
        () => size(path) >= 2 * MB,
        () => `database ${size(path)} bytes, WAL ${size(`${path}-wal`)} bytes`,
      );
    } finally {
      await queue.close();
    }
    // Closing stops the worker: the last connection gone, SQLite folds the WAL away.
    expect(size(`${path}-wal`)).toBe(0);
  });

  it("stop() settles in a process that has nothing else alive: the worker exits, the WAL is folded away", () => {
    const path = join(dir, "jobs.sqlite");
    const db = new Database(path);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (v TEXT)");
    db.prepare("INSERT INTO t (v) VALUES (?)").run("x".repeat(100_000));
    db.close();
    // The compiled module (the test run builds lib/): a fresh Node process whose only work is stop().
    const script = `import("./lib/queue/sqlite-checkpointer.js").then(async ({ startCheckpointer }) => {
      await startCheckpointer(${JSON.stringify(path)}, { intervalMs: 60_000 }).stop();
      console.log("stopped");
    });`;
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
    // Unsettled, Node exits once nothing is ref'd and prints nothing.
    expect(out.trim()).toBe("stopped");
    expect(size(`${path}-wal`)).toBe(0);
  });

  it("stop() of a worker that already died settles at once, without the 2 s wait for a worker to exit", async () => {
    const warnings: string[] = [];
    // A directory is no database: the worker dies at its first statement.
    const checkpointer = startCheckpointer(dir, { intervalMs: 60_000, warn: (m) => warnings.push(m) });
    await until(
      () => warnings.length > 0,
      () => "no warning",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings[0]).toMatch(/^SQLite checkpoint worker stopped: /);
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      let settled = false;
      const stopping = checkpointer.stop().then(() => (settled = true));
      // No timer is advanced: only a stop() that does not wait for an exit already seen can settle.
      for (let i = 0; i < 20 && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(true);
      await stopping;
    } finally {
      vi.useRealTimers();
    }
  });

  it("a failed checkpoint is reported with SQLite's reason, once per checkpoint: none runs before the interval", async () => {
    const path = join(dir, "not-a-database.sqlite");
    // Not a database: SQLite opens it lazily, so the worker starts and each checkpoint then fails.
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    const warnings: string[] = [];
    const checkpointer = startCheckpointer(path, { intervalMs: 60_000, warn: (m) => warnings.push(m) });
    // Long enough for a worker that ignored its 60 s interval (or ran on the 200 ms default) to have checkpointed.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(warnings).toEqual([]);
    // stop() checkpoints a last time; its failure arrives before the worker's exit settles stop().
    await checkpointer.stop();
    expect(warnings).toEqual(["SQLite checkpoint failed: file is not a database"]);
  });

  it("without a warn callback a failed checkpoint and a worker that dies are silent, not a crash", async () => {
    const path = join(dir, "not-a-database.sqlite");
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    // A listener that threw would crash the App: here an uncaught exception.
    const crashes: unknown[] = [];
    const crash = (error: unknown) => crashes.push(error);
    process.on("uncaughtException", crash);
    try {
      const failing = startCheckpointer(path, { intervalMs: 60_000 });
      // A directory is no database: this worker dies at its first statement.
      const dying = startCheckpointer(dir, { intervalMs: 60_000 });
      // Both settle only after the worker's messages and errors were emitted (Node drains them before "exit").
      await failing.stop();
      await dying.stop();
    } finally {
      process.off("uncaughtException", crash);
    }
    expect(crashes).toEqual([]);
  });

  it("a running checkpointer never keeps the process alive; stopping it does, until the worker has exited", async () => {
    const path = join(dir, "jobs.sqlite");
    new Database(path).exec("PRAGMA journal_mode = WAL").close();
    // What keeps a Node process alive: a ref'd worker shows as its ref'd MessagePort.
    const ports = () => process.getActiveResourcesInfo().filter((kind) => kind === "MessagePort").length;
    const before = ports();
    const checkpointer = startCheckpointer(path, { intervalMs: 60_000 });
    expect(ports()).toBe(before);
    const stopping = checkpointer.stop();
    // A script whose last step is stop() must not exit with stop() unsettled.
    expect(ports()).toBe(before + 1);
    await stopping;
    // Exited, the worker holds nothing (≤: another file's idle worker pool may have let go of a port meanwhile).
    expect(ports()).toBeLessThanOrEqual(before);
  });

  it("stop() settles when the worker exits, not at its 2 s deadline, and leaves no timer behind", async () => {
    const path = join(dir, "jobs.sqlite");
    new Database(path).exec("PRAGMA journal_mode = WAL").close();
    const checkpointer = startCheckpointer(path, { intervalMs: 60_000 });
    // Fake setTimeout: the 2 s deadline can never fire, so only the worker's exit can settle stop().
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let settled = false;
      const stopping = checkpointer.stop().then(() => (settled = true));
      // setInterval stays real: poll for up to 5 s (a worker exits in milliseconds).
      await new Promise<void>((resolve) => {
        let waited = 0;
        const poll = setInterval(() => {
          waited += 20;
          if (settled || waited >= 5_000) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      expect(settled).toBe(true);
      await stopping;
      // The deadline is cleared once the worker exited: nothing fires 2 s later.
      expect(vi.getTimerCount()).toBe(0);
      // A second stop() is the same settled stop.
      await checkpointer.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a file-backed store's own connection checkpoints only at the 10,000-page backstop; an in-memory one keeps SQLite's", async () => {
    // What the writer does is latency (npm run bench), not data: read the setting off the store's own connection.
    const autocheckpoint = (queue: SqliteJobQueue) => {
      const statement = (queue as unknown as { db: Database.Database }).db.prepare("PRAGMA wal_autocheckpoint");
      // Never garbage (sqlite-never-collected.test.ts: Node 24 aborts when one is collected).
      KEPT.push(statement);
      return statement.get();
    };
    const onFile = new SqliteJobQueue({
      path: join(dir, "jobs.sqlite"),
      log: { warn: () => {}, error: () => {} } as never,
    });
    const inMemory = new SqliteJobQueue({ path: ":memory:", log: { warn: () => {}, error: () => {} } as never });
    try {
      expect(autocheckpoint(onFile)).toEqual({ wal_autocheckpoint: BACKSTOP_PAGES });
      expect(BACKSTOP_PAGES).toBe(10_000);
      // Nothing to checkpoint in memory: no worker, SQLite's default.
      expect(autocheckpoint(inMemory)).toEqual({ wal_autocheckpoint: 1000 });
    } finally {
      await onFile.close();
      await inMemory.close();
    }
  });

  it("a file-backed store's failed checkpoints reach the App's log as warnings", async () => {
    const path = join(dir, "jobs.sqlite");
    const garbage = join(dir, "garbage");
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    const warnings: string[] = [];
    const queue = new SqliteJobQueue({
      path,
      log: { warn: (message: unknown) => void warnings.push(String(message)), error: () => {} } as never,
    });
    try {
      // The file swapped under the store before its checkpoint worker (a thread still starting) opened it: the store
      // keeps writing the file it opened, and each of the worker's checkpoints fails on what is now at the path.
      renameSync(garbage, path);
      // Its write-ahead log goes too (or the worker would read the store's first page from it and see a database).
      rmSync(`${path}-wal`);
      rmSync(`${path}-shm`);
      await until(
        () => warnings.length > 0,
        () => JSON.stringify(warnings),
      );
      expect(warnings[0]).toBe("SQLite checkpoint failed: file is not a database");
    } finally {
      await queue.close();
    }
  });
});
