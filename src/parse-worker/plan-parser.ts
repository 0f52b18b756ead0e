import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { readParseLimits, type ParseLimits } from "../config/settings.js";
import type { ParseOptions } from "../plan/parse-plan.js";
import type { PatchOptions, TaskPatch } from "../plan/patch-plan.js";
import { scanPlanText, type Hotspot } from "../plan/scan-plan-text.js";
import type { Diagnostic, Plan } from "../plan/types.js";
import type { TextOutcome } from "../write-back/apply-to-text.js";
import type { ApplyTask, ParseTask, WorkerResult } from "./worker.js";

/**
 * Parses plans on worker threads, each parse on a budget. Every path that
 * reads plan text plan-sync did not write itself — the App's push sync, pull
 * request preview, write-back and re-runs, and the CLI — goes through here:
 *
 * 1. `scanPlanText` on this thread (linear, milliseconds): text that is not
 *    UTF-8, NUL bytes, nesting and marker counts remark cannot handle are
 *    refused at their line without starting remark at all;
 * 2. remark on a worker thread, ended when it runs past `timeoutMs` or its
 *    `resourceLimits`; the plan then carries one `plan-too-complex` error at
 *    the likeliest culprit, so nothing is synced from it.
 *
 * The budget counts from the moment a worker takes the parse: plans waiting
 * for a free worker (at most `threads` run at once) are not charged for it.
 * It is processor time, not wall time: on a saturated machine an honest plan
 * near the size cap gets the CPU it needs however long the wait for a core
 * (see `run`), and a bomb is still ended after `WALL_FACTOR` times the budget.
 */
export class PlanParser {
  private readonly pool: Piscina;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly cpuMs: () => number;
  private readonly wallFactor: number;

  constructor(
    readonly limits: ParseLimits,
    clock: ParserClock = {},
  ) {
    this.cpuMs = clock.cpuMs ?? processCpuMs;
    this.wallFactor = clock.wallFactor ?? WALL_FACTOR;
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: 1,
      maxThreads: limits.threads,
      // A worker kept warm for the next push; idle workers do not keep a process (the CLI) alive.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
  }

  /** `parsePlan`, off this thread and on a budget; never rejects for anything in the text. */
  async parse(text: string, path: string, options: ParseOptions = {}): Promise<Plan> {
    const scan = scanPlanText(text, path);
    if (scan.problems.length > 0) return failedPlan(path, scan.problems);
    const task: ParseTask = { started: startClock(), text, path, options: { ...options } };
    const result = await this.run<Plan>("parse", task, this.limits.timeoutMs);
    if (result.ok) return result.value;
    return failedPlan(path, [tooComplex(path, scan.hotspot, result.reason, this.limits, 1, this.wallFactor)]);
  }

  /** Write-back's `applyToText` (parse, patch, re-parse to verify), off this thread and on a budget of two parses. */
  async apply(
    text: string,
    path: string,
    desired: ReadonlyMap<string, TaskPatch>,
    options: Omit<PatchOptions, "parsed"> = {},
  ): Promise<TextOutcome> {
    const scan = scanPlanText(text, path);
    // A plan with errors is refused by applyToText itself before any remark work: same wording as any other error.
    if (scan.problems.length > 0)
      return (await applyToTextHere()).applyToText(text, path, desired, {
        ...options,
        parsed: failedPlan(path, scan.problems),
      });
    const task: ApplyTask = { started: startClock(), text, path, desired, options: { ...options } };
    const result = await this.run<TextOutcome>("apply", task, 2 * this.limits.timeoutMs);
    if (result.ok) return result.value;
    const diagnostic = tooComplex(path, scan.hotspot, result.reason, this.limits, 2, this.wallFactor);
    return (await applyToTextHere()).applyToText(text, path, desired, {
      ...options,
      parsed: failedPlan(path, [diagnostic]),
    });
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }

  private async run<T>(
    name: "parse" | "apply",
    task: ParseTask | ApplyTask,
    budgetMs: number,
  ): Promise<WorkerResult<T> | { ok: false; reason: Overrun }> {
    await this.slot();
    const abort = new AbortController();
    const queued = Date.now();
    // The budget runs from when the worker starts the task (task.started), not
    // from here: a worker that replaces one just ended loads remark first,
    // which takes seconds on a busy machine. One that never starts at all is
    // ended after START_LIMIT_MS.
    //
    // It is charged in processor time: the process's CPU time (all its
    // threads, so a parse is never charged less than its own share) since the
    // worker started. On a quiet machine that grows as fast as the wall clock;
    // on a saturated one it grows slower, and an honest plan that waits for a
    // core is not ended for the wait. The wall clock still ends any parse at
    // wallFactor × the budget, so a bomb cannot outstay that however starved.
    let cpuAtStart: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const check = (): void => {
      const started = Number(Atomics.load(task.started, 0));
      const now = Date.now();
      if (started === 0) {
        if (now - queued >= START_LIMIT_MS) return abort.abort();
        timer = setTimeout(check, POLL_MS);
        return;
      }
      cpuAtStart ??= this.cpuMs();
      const wall = now - started;
      const cpu = this.cpuMs() - cpuAtStart;
      if (wall >= budgetMs * this.wallFactor || (wall >= budgetMs && cpu >= budgetMs)) return abort.abort();
      // CPU time cannot grow faster than the wall clock times the cores; wake up when the budget could be spent.
      const left = Math.max(budgetMs - wall, budgetMs - cpu, 0);
      timer = setTimeout(check, Math.min(Math.max(left, POLL_MS), budgetMs * this.wallFactor - wall));
    };
    timer = setTimeout(check, POLL_MS);
    try {
      return (await this.pool.run(task, { name, signal: abort.signal })) as WorkerResult<T>;
    } catch (error) {
      if (abort.signal.aborted) return { ok: false, reason: "time" };
      if ((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") return { ok: false, reason: "memory" };
      throw error;
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.limits.threads) {
      this.running++;
      return;
    }
    // release() hands its slot straight to the next in line, so `running` stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/**
 * applyToText on this thread, only to word a refusal for a plan already known
 * to have errors (it stops before any remark work). Loaded on demand: a static
 * import would load remark on this thread too, which `plan-sync check` (whose
 * whole process is benchmarked against a bare remark process) never needs.
 */
function applyToTextHere(): Promise<typeof import("../write-back/apply-to-text.js")> {
  return import("../write-back/apply-to-text.js");
}

/** How long a parse may wait for its worker to start (a worker that cannot even load). */
const START_LIMIT_MS = 60_000;

/** How often the budget is looked at before the worker has started. */
const POLL_MS = 50;

/** However starved of CPU, a parse is ended after this many times its budget in wall time. */
export const WALL_FACTOR = 4;

/** Why a parse was ended: its budget spent (processor time, or wall time on a starved machine), or memory. */
type Overrun = "time" | "memory";

/** Where the budget's processor time comes from; tests replace it to play a saturated machine. */
export interface ParserClock {
  /** Milliseconds of CPU time this process has used (default: process.cpuUsage(), all threads). */
  cpuMs?: () => number;
  /** Wall-time ceiling as a multiple of the budget (default WALL_FACTOR). */
  wallFactor?: number;
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function startClock(): BigInt64Array {
  return new BigInt64Array(new SharedArrayBuffer(8));
}

let shared: PlanParser | null = null;
let configured: ParseLimits | null = null;

/** The limits the App read at start-up (createApp); the next pool started uses them. */
export function usePlanParseLimits(limits: ParseLimits): void {
  configured = limits;
}

/** The process's parser, created on first use: with the App's limits, or the CLI's from the environment. */
export function planParser(): PlanParser {
  shared ??= new PlanParser(configured ?? readParseLimits());
  return shared;
}

/** Ends the process's worker threads (server shutdown, tests). A later parse starts a new pool. */
export async function closePlanParser(): Promise<void> {
  const parser = shared;
  shared = null;
  await parser?.close();
}

/** `parsePlan` on the process's budgeted worker pool. */
export function parsePlanBudgeted(text: string, path: string, options: ParseOptions = {}): Promise<Plan> {
  return planParser().parse(text, path, options);
}

/** `applyToText` on the process's budgeted worker pool. */
export function applyToTextBudgeted(
  text: string,
  path: string,
  desired: ReadonlyMap<string, TaskPatch>,
  options: Omit<PatchOptions, "parsed"> = {},
): Promise<TextOutcome> {
  return planParser().apply(text, path, desired, options);
}

function failedPlan(path: string, diagnostics: Diagnostic[]): Plan {
  return { path, featureName: null, date: null, tasks: [], checklists: [], diagnostics };
}

function tooComplex(
  path: string,
  hotspot: Hotspot | null,
  reason: Overrun | "stack",
  limits: ParseLimits,
  parses: number,
  wallFactor: number,
): Diagnostic {
  const budget = limits.timeoutMs * parses;
  // One wording for both clocks, so a user (and a golden file) sees the same message on a quiet or a saturated machine.
  const limit =
    reason === "time"
      ? `ran past plan-sync's limit of ${seconds(budget)} of processor time${parses > 1 ? ` (${parses} parses)` : ""} (${seconds(budget * wallFactor)} in all on a busy machine) and was stopped`
      : reason === "memory"
        ? `needed more than plan-sync's limit of ${limits.memoryMb} MB of memory and was stopped`
        : "nests deeper than plan-sync's parser can follow";
  const where = hotspot
    ? `The likeliest cause starts here: ${hotspot.what}.`
    : "No single construct stands out: the plan as a whole is too complex.";
  return {
    path,
    line: hotspot?.line ?? 1,
    column: hotspot?.column ?? 1,
    severity: "error",
    code: "plan-too-complex",
    message: `Reading this plan ${limit}. ${where} Simplify it (less nesting, fewer emphasis or link markers, narrower tables) or split the plan: nothing is synced from it until then.`,
  };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The compiled worker next to this module: lib/parse-worker/worker.js in
 * production (`node lib/main.js`, the CLI). Under vitest this module is the
 * source .ts, which a worker thread cannot load, so the worker comes from
 * lib/ — test/global-setup.ts builds it before any test runs.
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith(".ts")
    ? fileURLToPath(new URL("../../lib/parse-worker/worker.js", import.meta.url))
    : fileURLToPath(new URL("./worker.js", import.meta.url));
  if (!existsSync(file)) throw new Error(`plan-sync: the parse worker ${file} is missing; run npm run build`);
  return file;
}
