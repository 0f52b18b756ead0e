import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startCheckpointer } from "../../src/queue/sqlite-checkpointer.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";

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
});
