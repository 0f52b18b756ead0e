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
 */
export class PlanParser {
  private readonly pool: Piscina;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limits: ParseLimits) {
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
    return failedPlan(path, [tooComplex(path, scan.hotspot, result.reason, this.limits, 1)]);
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
    const diagnostic = tooComplex(path, scan.hotspot, result.reason, this.limits, 2);
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
    timeoutMs: number,
  ): Promise<WorkerResult<T> | { ok: false; reason: "time" | "memory" }> {
    await this.slot();
    const abort = new AbortController();
    const queued = Date.now();
    // The budget runs from when the worker starts the task (task.started), not
    // from here: a worker that replaces one just ended loads remark first,
    // which takes seconds on a busy machine. One that never starts at all is
    // ended after START_LIMIT_MS.
    let timer: NodeJS.Timeout | undefined;
    const check = (): void => {
      const started = Number(Atomics.load(task.started, 0));
      const now = Date.now();
      const left = started === 0 ? queued + START_LIMIT_MS - now : started + timeoutMs - now;
      if (left <= 0) abort.abort();
      else timer = setTimeout(check, Math.min(left, started === 0 ? 250 : left));
    };
    timer = setTimeout(check, timeoutMs);
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
  reason: "time" | "memory" | "stack",
  limits: ParseLimits,
  parses: number,
): Diagnostic {
  const limit =
    reason === "time"
      ? `took longer than plan-sync's limit of ${seconds(limits.timeoutMs * parses)}${parses > 1 ? ` (${parses} parses)` : ""} and was stopped`
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
