import { consoleLog } from "../log/log.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { DEFAULT_CONCURRENCY, type ConcurrencyLimits } from "../config/settings.js";
import {
  type EnqueueOutcome,
  type JobQueue,
  type JobQueueOptions,
  type JobRunner,
  type JobSpec,
  type Json,
  type QueueStats,
  type StopResult,
  type StoredJob,
} from "./job-queue.js";
import { BACKSTOP_PAGES, startCheckpointer, type Checkpointer } from "./sqlite-checkpointer.js";

interface JobRow {
  seq: number;
  kind: string;
  repo: string;
  installation_id: number;
  idempotency_key: string | null;
  supersede_key: string | null;
  payload: string;
  attempts: number;
  run_at: number;
  enqueued_at: number;
  run_by: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  repo TEXT NOT NULL,
  installation_id INTEGER NOT NULL,
  idempotency_key TEXT,
  supersede_key TEXT,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  enqueued_at INTEGER NOT NULL,
  run_by INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_idempotency ON jobs (idempotency_key);
CREATE INDEX IF NOT EXISTS jobs_supersede ON jobs (repo, supersede_key);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (run_at);
CREATE TABLE IF NOT EXISTS done_keys (
  key TEXT PRIMARY KEY,
  done_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS done_keys_age ON done_keys (done_at);
CREATE TABLE IF NOT EXISTS notes (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  written_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_age ON notes (written_at);
CREATE TABLE IF NOT EXISTS job_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job INTEGER NOT NULL,
  idempotency_key TEXT,
  entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS job_entries_job ON job_entries (job);
CREATE INDEX IF NOT EXISTS job_entries_idempotency ON job_entries (idempotency_key);
`;

/** Due jobs looked at per scheduling pass: enough to fill every slot past busy repositories. */
const SCAN_LIMIT = 1000;

/**
 * better-sqlite3 12 wraps databases and statements in node::ObjectWrap, whose
 * destructor on Node 24 aborts the whole process (`Assertion failed: (env) !=
 * nullptr` in RemoveEnvironmentCleanupHook, SIGABRT) when the garbage
 * collector frees one while no JavaScript context is entered — which can be
 * any GC, not only at exit. better-sqlite3 13 no longer uses ObjectWrap but
 * needs Node 22. So none of ours ever becomes garbage: every database and its
 * statements stay referenced here until the process ends, when Node's
 * environment cleanup frees them with the environment still in place. A
 * server opens one queue; a test run a few dozen, each a few kilobytes.
 */
const NEVER_COLLECTED: object[] = [];

export interface SqliteJobQueueOptions extends JobQueueOptions {
  /** A database file (its directory is created), or ":memory:" (tests: nothing survives close). */
  path: string;
}

/**
 * The embedded default backend: one SQLite database (better-sqlite3, WAL) that
 * only this process opens. A job is a row, inserted in a transaction before
 * `enqueue` resolves and deleted when the job is done. Which jobs run is kept
 * in memory: after a crash every row is simply unfinished and runs again.
 *
 * Durability: WAL with synchronous=NORMAL survives the process being killed at
 * any point (SIGKILL, OOM); an operating-system crash or power cut may lose
 * the last few commits (SQLite's documented trade-off), which GitHub's failed
 * delivery then covers. better-sqlite3 is synchronous: a store costs a few
 * tens of microseconds on the event loop, no thread hop.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly db: Database.Database;
  private readonly limits: ConcurrencyLimits;
  private readonly doneKeyLimit: number;
  private readonly noteLimit: number;
  private notesSincePrune = 0;
  private readonly now: () => number;
  private readonly log: NonNullable<JobQueueOptions["log"]>;
  private readonly merge: NonNullable<JobQueueOptions["merge"]>;
  private readonly path: string;
  private runner: JobRunner | null = null;
  // Stryker disable next-line BooleanLiteral: before start() (which sets it) there is no runner, so nothing is pumped either way.
  private stopping = false;
  private closed = false;
  /** Running jobs by id, with the promise that settles when their row is updated. */
  private readonly running = new Map<string, { repo: string; installationId: number; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private doneSincePrune = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly stmt: ReturnType<SqliteJobQueue["prepare"]>;
  /** None for an in-memory store. */
  private readonly checkpointer: Checkpointer | undefined;

  constructor(options: SqliteJobQueueOptions) {
    this.path = options.path;
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    // exec, not pragma(): pragma() prepares a statement that would become garbage (NEVER_COLLECTED).
    this.db.exec("PRAGMA journal_mode = WAL");
    // Stryker disable next-line StringLiteral: durability across a power loss, which no test can cut.
    this.db.exec("PRAGMA synchronous = NORMAL");
    // Another process holding the file (a second server on the same volume) waits briefly instead of failing at once.
    this.db.exec("PRAGMA busy_timeout = 2000");
    this.db.exec(SCHEMA);
    addRunByColumn(this.db);
    this.log = options.log ?? consoleLog;
    // Checkpoints (the only fsyncs under synchronous=NORMAL) run on a worker thread, not inside a webhook's commit.
    if (options.path !== ":memory:") {
      this.db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      this.checkpointer = startCheckpointer(options.path, { warn: (message) => this.log.warn(message) });
    }
    this.limits = {
      global: Math.max(1, options.concurrency?.global ?? DEFAULT_CONCURRENCY.global),
      perInstallation: Math.max(1, options.concurrency?.perInstallation ?? DEFAULT_CONCURRENCY.perInstallation),
    };
    this.doneKeyLimit = Math.max(0, options.doneKeyLimit ?? 10_000);
    this.noteLimit = Math.max(1, options.noteLimit ?? 10_000);
    this.now = options.now ?? Date.now;
    this.merge = options.merge ?? ((_older, newer) => ({ payload: newer.payload }));
    this.stmt = this.prepare();
    // The database also holds the statements of its transactions (better-sqlite3 keys them by database).
    NEVER_COLLECTED.push(this.db, this.stmt);
  }

  private prepare() {
    const db = this.db;
    return {
      keyStored: db.prepare<[string, string], { one: number }>(
        `SELECT 1 AS one FROM jobs WHERE idempotency_key = ?
         UNION ALL SELECT 1 FROM job_entries WHERE idempotency_key = ? LIMIT 1`,
      ),
      keyDone: db.prepare<[string], { one: number }>("SELECT 1 AS one FROM done_keys WHERE key = ?"),
      sameSupersede: db.prepare<[string, string], JobRow>(
        "SELECT * FROM jobs WHERE repo = ? AND supersede_key = ? ORDER BY seq",
      ),
      // Only what joining needs: the waiting job's payload may be a whole webhook, not worth reading per entry.
      joinable: db.prepare<[string, string], { seq: number; run_at: number; run_by: number | null }>(
        "SELECT seq, run_at, run_by FROM jobs WHERE repo = ? AND supersede_key = ? ORDER BY seq DESC",
      ),
      insert: db.prepare<
        [string, string, number, string | null, string | null, string, number, number, number, number | null]
      >(
        `INSERT INTO jobs (kind, repo, installation_id, idempotency_key, supersede_key, payload, attempts, run_at, enqueued_at, run_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertEntry: db.prepare<[number | bigint, string | null, string]>(
        "INSERT INTO job_entries (job, idempotency_key, entry) VALUES (?, ?, ?)",
      ),
      entries: db.prepare<[number], { entry: string }>("SELECT entry FROM job_entries WHERE job = ? ORDER BY id"),
      moveRunAt: db.prepare<[number, number]>("UPDATE jobs SET run_at = ? WHERE seq = ?"),
      remove: db.prepare<[number]>("DELETE FROM jobs WHERE seq = ?"),
      removeEntries: db.prepare<[number]>("DELETE FROM job_entries WHERE job = ?"),
      rememberEntryKeys: db.prepare<[number, number]>(
        `INSERT OR REPLACE INTO done_keys (key, done_at)
         SELECT idempotency_key, ? FROM job_entries WHERE job = ? AND idempotency_key IS NOT NULL`,
      ),
      due: db.prepare<[number, number], JobRow>("SELECT * FROM jobs WHERE run_at <= ? ORDER BY seq LIMIT ?"),
      nextRunAt: db.prepare<[number], { at: number | null }>("SELECT MIN(run_at) AS at FROM jobs WHERE run_at > ?"),
      // A null payload keeps the stored one (which save() may have changed since the row was read).
      retry: db.prepare<[number, string | null, number]>(
        "UPDATE jobs SET attempts = attempts + 1, run_at = ?, payload = COALESCE(?, payload) WHERE seq = ?",
      ),
      save: db.prepare<[string, number]>("UPDATE jobs SET payload = ? WHERE seq = ?"),
      readNote: db.prepare<[string], { value: string }>("SELECT value FROM notes WHERE key = ?"),
      writeNote: db.prepare<[string, string, number]>(
        "INSERT OR REPLACE INTO notes (key, value, written_at) VALUES (?, ?, ?)",
      ),
      removeNote: db.prepare<[string]>("DELETE FROM notes WHERE key = ?"),
      pruneNotes: db.prepare<[number]>(
        "DELETE FROM notes WHERE key IN (SELECT key FROM notes ORDER BY written_at DESC, rowid DESC LIMIT -1 OFFSET ?)",
      ),
      rememberKey: db.prepare<[string, number]>("INSERT OR REPLACE INTO done_keys (key, done_at) VALUES (?, ?)"),
      pruneKeys: db.prepare<[number]>(
        "DELETE FROM done_keys WHERE key IN (SELECT key FROM done_keys ORDER BY done_at DESC LIMIT -1 OFFSET ?)",
      ),
      promote: db.prepare<[number, number]>("UPDATE jobs SET run_at = ? WHERE run_at > ?"),
      count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs"),
      countDue: db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE run_at <= ?"),
      all: db.prepare<[], JobRow>("SELECT * FROM jobs ORDER BY seq"),
    };
  }

  enqueue(spec: JobSpec): Promise<EnqueueOutcome> {
    if (this.closed) return Promise.resolve("closed");
    const outcome = this.store(spec);
    // After a duplicate too: a pump with nothing new starts nothing, and one branch less is one less to get wrong.
    this.schedulePump();
    return Promise.resolve(outcome);
  }

  private readonly store = (spec: JobSpec): EnqueueOutcome =>
    this.db.transaction((): EnqueueOutcome => {
      const key = spec.idempotencyKey ?? null;
      if (key !== null && (this.stmt.keyStored.get(key, key) || this.stmt.keyDone.get(key))) return "duplicate";
      const repo = spec.repo.toLowerCase();
      const now = this.now();
      if (spec.entry !== undefined) return this.storeEntry(spec, spec.entry, repo, key, now);
      let payload: Json = spec.payload;
      let runAt = spec.runAt ?? now;
      let enqueuedAt = now;
      let outcome: EnqueueOutcome = "queued";
      if (spec.supersedeKey !== undefined) {
        for (const row of this.stmt.sameSupersede.all(repo, spec.supersedeKey)) {
          if (this.running.has(String(row.seq))) continue;
          const merged = this.merge(this.toJob(row), { ...spec, repo, payload });
          payload = merged.payload;
          if (merged.runAt !== undefined) runAt = merged.runAt;
          enqueuedAt = Math.min(enqueuedAt, row.enqueued_at);
          // Deleting the row releases its idempotency key (and its entries'): that delivery is now this job.
          this.stmt.remove.run(row.seq);
          this.stmt.removeEntries.run(row.seq);
          outcome = "superseded";
        }
      }
      this.stmt.insert.run(
        spec.kind,
        repo,
        spec.installationId,
        key,
        spec.supersedeKey ?? null,
        JSON.stringify(payload),
        0,
        runAt,
        enqueuedAt,
        null,
      );
      return outcome;
    })();

  /** Inside store()'s transaction: the entry joins the waiting job of its supersede key, or starts one. */
  private storeEntry(spec: JobSpec, entry: Json, repo: string, key: string | null, now: number): EnqueueOutcome {
    const runAt = spec.runAt ?? now;
    if (spec.supersedeKey !== undefined) {
      const waiting = this.stmt.joinable.all(repo, spec.supersedeKey).find((row) => !this.running.has(String(row.seq)));
      if (waiting) {
        this.stmt.insertEntry.run(waiting.seq, key, JSON.stringify(entry));
        // A job stored before entries existed has no run_by: it keeps its time.
        if (waiting.run_by !== null) this.stmt.moveRunAt.run(Math.min(runAt, waiting.run_by), waiting.seq);
        return "joined";
      }
    }
    const { lastInsertRowid } = this.stmt.insert.run(
      spec.kind,
      repo,
      spec.installationId,
      key,
      spec.supersedeKey ?? null,
      JSON.stringify(spec.payload),
      0,
      runAt,
      now,
      spec.runBy ?? runAt,
    );
    // The job row holds this spec's idempotency key; its entry needs none of its own.
    this.stmt.insertEntry.run(lastInsertRowid, null, JSON.stringify(entry));
    return "queued";
  }

  start(runner: JobRunner): Promise<void> {
    if (this.closed) throw new Error("job queue is closed");
    this.runner = runner;
    this.stopping = false;
    this.pump();
    return Promise.resolve();
  }

  async stop(timeoutMs: number): Promise<StopResult> {
    this.stopping = true;
    clearTimeout(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.running.values()].map((r) => r.done)), deadline]);
    clearTimeout(timer);
    const interrupted = this.running.size;
    const left = this.closed ? 0 : this.storedJobs() - interrupted;
    return { interrupted, left };
  }

  promoteDelayed(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    const now = this.now();
    const changed = this.stmt.promote.run(now, now).changes;
    if (changed > 0) this.schedulePump();
    return Promise.resolve(changed);
  }

  onIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): Promise<QueueStats> {
    const base = { backend: "sqlite", location: this.path, running: this.running.size };
    if (this.closed) return Promise.resolve({ ...base, waiting: 0, delayed: 0, healthy: false });
    try {
      const total = this.storedJobs();
      // Stryker disable next-line OptionalChaining: COUNT(*) always returns a row.
      const due = this.stmt.countDue.get(this.now())?.n ?? 0;
      return Promise.resolve({
        ...base,
        waiting: Math.max(0, due - this.running.size),
        delayed: total - due,
        healthy: true,
      });
    } catch (error) {
      this.log.error({ err: error }, "job store: cannot read the queue");
      return Promise.resolve({ ...base, waiting: 0, delayed: 0, healthy: false });
    }
  }

  list(): Promise<StoredJob[]> {
    return Promise.resolve(this.closed ? [] : this.stmt.all.all().map((row) => this.toJob(row)));
  }

  save(id: string, payload: Json): Promise<void> {
    if (this.closed) return Promise.reject(new Error("job queue is closed"));
    if (!this.running.has(id)) return Promise.reject(new Error(`job ${id} is not running in this process`));
    this.stmt.save.run(JSON.stringify(payload), Number(id));
    return Promise.resolve();
  }

  readNote(key: string): Promise<Json | null> {
    if (this.closed) return Promise.reject(new Error("job queue is closed"));
    const row = this.stmt.readNote.get(key);
    return Promise.resolve(row ? (JSON.parse(row.value) as Json) : null);
  }

  writeNote(key: string, value: Json | null): Promise<void> {
    if (this.closed) return Promise.reject(new Error("job queue is closed"));
    if (value === null) {
      this.stmt.removeNote.run(key);
      return Promise.resolve();
    }
    this.stmt.writeNote.run(key, JSON.stringify(value), this.now());
    // Pruning scans the notes: every 100th write is often enough to stay near the bound.
    if (++this.notesSincePrune >= 100 || this.noteLimit < 100) {
      this.notesSincePrune = 0;
      this.stmt.pruneNotes.run(this.noteLimit);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // No `stopping` here: pump() checks `closed` as well.
    this.closed = true;
    clearTimeout(this.timer);
    this.db.close();
    return this.checkpointer?.stop() ?? Promise.resolve();
  }

  private isIdle(): boolean {
    return this.closed || (this.running.size === 0 && this.storedJobs() === 0);
  }

  /** Every stored job: waiting, delayed and running (a running job's row stays until its end is written). */
  private storedJobs(): number {
    // Stryker disable next-line OptionalChaining: COUNT(*) always returns a row.
    return this.stmt.count.get()?.n ?? 0;
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Never inside enqueue(): the webhook is answered first. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    // Stryker disable next-line BooleanLiteral: an extra pump starts nothing more (what runs is decided from the stored rows).
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.runner || this.stopping || this.closed) return;
    const now = this.now();
    const busyRepos = new Set<string>();
    const perInstallation = new Map<number, number>();
    for (const r of this.running.values()) {
      busyRepos.add(r.repo);
      perInstallation.set(r.installationId, (perInstallation.get(r.installationId) ?? 0) + 1);
    }
    for (const row of this.stmt.due.all(now, SCAN_LIMIT)) {
      if (this.running.size >= this.limits.global) break;
      // Per repository: the oldest due job, and only when none of the repository's runs.
      if (busyRepos.has(row.repo)) continue;
      busyRepos.add(row.repo);
      const inInstallation = perInstallation.get(row.installation_id) ?? 0;
      if (inInstallation >= this.limits.perInstallation) continue;
      perInstallation.set(row.installation_id, inInstallation + 1);
      this.run(row);
    }
    this.armTimer(now);
  }

  /** Wakes up for the next delayed job. */
  private armTimer(now: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Stryker disable next-line OptionalChaining: MIN() always returns a row (its value is null without delayed jobs).
    const at = this.stmt.nextRunAt.get(now)?.at;
    if (typeof at !== "number") return;
    const wait = Math.max(0, at - now);
    // Stryker disable next-line ArithmeticOperator: a timer 2 ms early finds nothing due and re-arms for the last millisecond: one wake-up more, the same jobs at the same times.
    this.timer = setTimeout(() => this.pump(), wait + 1);
    this.timer.unref();
  }

  private run(row: JobRow): void {
    const job = this.toJob(row);
    const runner = this.runner as JobRunner;
    // Registered before the runner starts, so it may save() from its first line.
    const entry = { repo: row.repo, installationId: row.installation_id, done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = (async () => {
      let outcome: Awaited<ReturnType<JobRunner>>;
      try {
        outcome = await runner(job);
      } catch (error) {
        this.log.error({ err: error }, `${job.repo}: ${job.kind} job failed`);
        // Stryker disable next-line ObjectLiteral,StringLiteral: finish treats every kind but retry and done alike.
        outcome = { kind: "failed" };
      }
      if (this.closed) return; // Stopped past its deadline: the row stays, the next start runs it again.
      try {
        this.finish(row, outcome);
      } catch (error) {
        this.log.error({ err: error }, `${job.repo}: ${job.kind} job: cannot update the job store`);
      }
    })().finally(() => {
      this.running.delete(job.id);
      this.pump();
      this.notifyIdle();
    });
  }

  private readonly finish = (row: JobRow, outcome: Awaited<ReturnType<JobRunner>>): void =>
    this.db.transaction(() => {
      if (outcome.kind === "retry") {
        const payload = outcome.payload === undefined ? null : JSON.stringify(outcome.payload);
        this.stmt.retry.run(outcome.runAt, payload, row.seq);
        return;
      }
      this.stmt.remove.run(row.seq);
      if (outcome.kind === "done") {
        // Every delivery the job carried is done: a redelivery of any of them is a no-op.
        if (row.idempotency_key !== null) this.stmt.rememberKey.run(row.idempotency_key, this.now());
        this.doneSincePrune += this.stmt.rememberEntryKeys.run(this.now(), row.seq).changes;
        // Pruning scans the keys: every 100th success is often enough.
        if (++this.doneSincePrune >= 100) {
          this.doneSincePrune = 0;
          this.stmt.pruneKeys.run(this.doneKeyLimit);
        }
      }
      // A failed job's entries go with it, and with them their keys (a redelivery may try again).
      this.stmt.removeEntries.run(row.seq);
    })();

  private toJob(row: JobRow): StoredJob {
    return toJob(
      row,
      this.stmt.entries.all(row.seq).map((e) => JSON.parse(e.entry) as Json),
    );
  }
}

/**
 * Databases made before entries existed lack `run_by`. exec, not pragma
 * table_info (NEVER_COLLECTED): adding it again fails with "duplicate column".
 */
function addRunByColumn(db: Database.Database): void {
  try {
    db.exec("ALTER TABLE jobs ADD COLUMN run_by INTEGER");
  } catch (error) {
    if (!/duplicate column/i.test(String(error))) throw error;
  }
}

function toJob(row: JobRow, entries: Json[]): StoredJob {
  return {
    id: String(row.seq),
    kind: row.kind,
    repo: row.repo,
    installationId: row.installation_id,
    idempotencyKey: row.idempotency_key,
    supersedeKey: row.supersede_key,
    payload: JSON.parse(row.payload) as Json,
    attempts: row.attempts,
    runAt: row.run_at,
    enqueuedAt: row.enqueued_at,
    entries,
  };
}
