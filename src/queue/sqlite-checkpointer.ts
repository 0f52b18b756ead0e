import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Moves SQLite's WAL checkpoints off the thread that answers webhooks.
 *
 * With `journal_mode=WAL` and `synchronous=NORMAL` a commit writes the WAL without an fsync (safe against a killed
 * process, the threat a job store guards against); the fsyncs happen when the WAL is checkpointed into the database.
 * Left to SQLite, that checkpoint runs inside whichever commit crosses 1,000 pages — a webhook answer that then waits
 * for two fsyncs (the store's p99). Here a worker thread with its own connection checkpoints every `intervalMs`
 * (PASSIVE: it never blocks the writer), and the writer's own automatic checkpoint is raised to a backstop the
 * worker keeps it far below.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** Pages (4 kB) the WAL may hold before the writer checkpoints itself: only reached if the worker is gone. */
export const BACKSTOP_PAGES = 10_000;

// CommonJS source of the worker: an eval worker, so it runs the same from src/ (tests) and lib/ (the App).
// exec() only, no prepared statements: better-sqlite3 12 on Node 24 aborts when a statement is garbage-collected.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout = 1000");
const checkpoint = () => {
  try { db.exec("PRAGMA wal_checkpoint(PASSIVE)"); } catch (error) { parentPort.postMessage(String(error && error.message || error)); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(
  path: string,
  options: { intervalMs?: number; warn?: (message: string) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, intervalMs: options.intervalMs ?? 200 },
  });
  // A failed checkpoint is not a lost job: the writer's backstop checkpoint still runs. Say so once per failure.
  worker.on("message", (message: string) => options.warn?.(`SQLite checkpoint failed: ${message}`));
  worker.on("error", (error) => options.warn?.(`SQLite checkpoint worker stopped: ${error.message}`));
  // Never what keeps the process alive while it runs.
  worker.unref();
  let exited = false;
  worker.once("exit", () => {
    exited = true;
  });
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        // A worker that already died (its database unreadable, say) has nothing to finish.
        if (exited) return resolve();
        // Until it has folded the WAL away and exited, the worker is what this promise waits for: kept unref'd, a
        // process with nothing else alive (a script, the last step of a shutdown) would exit with stop() unsettled.
        worker.ref();
        const timeout = setTimeout(() => void worker.terminate().then(() => resolve()), 2_000);
        timeout.unref();
        worker.once("exit", () => {
          clearTimeout(timeout);
          resolve();
        });
        // Stryker disable next-line StringLiteral: the worker stops on any message; the text is for a reader.
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}
