import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobSpec } from "../../src/queue/job-queue.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";

/**
 * A second process holding the job store's file (a second server started on the same volume, a backup tool): the
 * store waits for it briefly instead of failing at once, and gives up after 2 s so a webhook is still answered
 * (with an error: GitHub records a failed delivery, redelivered later) well within GitHub's 10 s.
 */
const HOLDER = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
db.exec("INSERT INTO notes (key, value, written_at) VALUES ('holder', '1', 0)");
process.stdout.write("locked\\n");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
db.exec("COMMIT");
db.close();
`;

// Starting the lock holder (a Node process loading better-sqlite3) takes seconds on a loaded machine.
describe("SQLite job store shared with another process", { timeout: 30_000 }, () => {
  let dir: string;
  let queue: SqliteJobQueue | null = null;
  let holder: ChildProcess | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-sync-busy-"));
  });
  afterEach(async () => {
    if (holder && holder.exitCode === null) {
      const exited = new Promise((resolve) => holder?.once("exit", resolve));
      holder.kill("SIGKILL");
      await exited;
    }
    holder = null;
    await queue?.close();
    queue = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const spec: JobSpec = { kind: "push", repo: "acme/a", installationId: 1, payload: "sync" };

  /** Starts a process that holds the store's write lock for `ms` and resolves once it holds it. */
  const holdWriteLock = async (ms: number): Promise<void> => {
    const child = spawn(process.execPath, ["-e", HOLDER, join(dir, "jobs.sqlite"), String(ms)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    holder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("locked")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the lock holder exited (${code}) before it held the lock`)));
    });
  };

  it("an enqueue while another process briefly holds the write lock waits for it and is stored", async () => {
    queue = new SqliteJobQueue({ path: join(dir, "jobs.sqlite"), log: { warn: () => {}, error: () => {} } });
    await holdWriteLock(300);
    expect(await queue.enqueue(spec)).toBe("queued");
    expect((await queue.list()).map((job) => job.payload)).toEqual(["sync"]);
    expect(await queue.readNote("holder")).toBe(1);
  });

  it("an enqueue gives up after 2 s of a held lock: an error for the webhook, not a wait past GitHub's 10 s", async () => {
    queue = new SqliteJobQueue({ path: join(dir, "jobs.sqlite"), log: { warn: () => {}, error: () => {} } });
    // Held well past the store's 2 s (and short of better-sqlite3's own 5 s default, which would wait it out).
    await holdWriteLock(4_500);
    await expect(Promise.resolve().then(() => queue?.enqueue(spec))).rejects.toThrow("database is locked");
    expect(await queue.list()).toEqual([]);
  });

  it("a store file from before bursts, locked by another process at start: the start fails with SQLite's reason", async () => {
    const path = join(dir, "jobs.sqlite");
    // The file as a version before entries left it: today's tables, the jobs table without its run_by column.
    await new SqliteJobQueue({ path, log: { warn: () => {}, error: () => {} } }).close();
    const db = new Database(path);
    db.exec("ALTER TABLE jobs DROP COLUMN run_by");
    db.close();
    await holdWriteLock(4_500);
    // Adding the column needs the write lock: after the 2 s wait the start fails loudly with why, not later with a
    // missing column.
    expect(() => new SqliteJobQueue({ path, log: { warn: () => {}, error: () => {} } })).toThrow("database is locked");
  });
});
