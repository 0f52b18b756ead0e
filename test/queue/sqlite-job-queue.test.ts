import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";
import { queueContract } from "./contract.js";

queueContract("sqlite (file)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "plan-sync-queue-"));
  return {
    open: async (options) => new SqliteJobQueue({ ...options, path: join(dir, "nested", "jobs.sqlite") }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
