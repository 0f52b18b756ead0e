import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * On Node 24, better-sqlite3 12 aborts the process (SIGABRT, `Assertion
 * failed: (env) != nullptr`) when the garbage collector frees one of its
 * statements or databases at a moment no JavaScript context is entered: a
 * server on the Docker image's Node would die at a random GC. The job store
 * therefore never lets one become garbage (sqlite-job-queue.ts,
 * NEVER_COLLECTED). A separate process with `--expose-gc` opens, uses and
 * closes queues, forgets them, collects garbage, and counts the statements
 * the collector freed (a FinalizationRegistry on every statement prepared).
 */
const SCRIPT = `
import Database from "better-sqlite3";
let made = 0;
let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (...args) {
  const statement = prepare.apply(this, args);
  registry.register(statement, null);
  made++;
  return statement;
};
const { SqliteJobQueue } = await import("./lib/queue/sqlite-job-queue.js");
for (let i = 0; i < 5; i++) {
  const queue = new SqliteJobQueue({ path: ":memory:" });
  await queue.enqueue({ kind: "push", repo: "acme/plans", installationId: 7, idempotencyKey: "k" + i, payload: {} });
  await queue.stats();
  await queue.close();
}
for (let i = 0; i < 5; i++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(JSON.stringify({ made, collected }));
`;

describe("the SQLite job store on Node 24", () => {
  it("leaves no statement for the garbage collector, even after its queue is closed and forgotten", async () => {
    const { stdout } = await run(process.execPath, ["--expose-gc", "--input-type=module", "-e", SCRIPT], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const { made, collected } = JSON.parse(stdout) as { made: number; collected: number };
    expect(made).toBeGreaterThan(5 * 10);
    expect(collected).toBe(0);
  });
});
