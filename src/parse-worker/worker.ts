/**
 * The parse worker's entry (piscina loads the compiled lib/parse-worker/worker.js).
 * Everything here runs on a worker thread, so a slow parse never holds up the
 * thread that answers GitHub's webhooks, and the pool can end it when it runs
 * over its budget. Results are plain data (structured clone).
 */
import { parsePlan, type ParseOptions } from "../plan/parse-plan.js";
import type { TaskPatch, PatchOptions } from "../plan/patch-plan.js";
import type { Plan } from "../plan/types.js";
import { applyToText, type TextOutcome } from "../write-back/apply-to-text.js";

/** Where the worker records (Date.now()) when it starts the task, so the budget does not count its start-up. */
export type StartClock = BigInt64Array;

export interface ParseTask {
  started: StartClock;
  text: string;
  path: string;
  options: ParseOptions;
}

export interface ApplyTask {
  started: StartClock;
  text: string;
  path: string;
  desired: ReadonlyMap<string, TaskPatch>;
  options: Omit<PatchOptions, "parsed">;
}

/** `stack`: remark recursed past the worker's stack (nesting the pre-scan did not catch). */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; reason: "stack" };

export function parse(task: ParseTask): WorkerResult<Plan> {
  return guarded(task.started, () => parsePlan(task.text, task.path, task.options));
}

export function apply(task: ApplyTask): WorkerResult<TextOutcome> {
  return guarded(task.started, () => applyToText(task.text, task.path, task.desired, task.options));
}

function guarded<T>(started: StartClock, run: () => T): WorkerResult<T> {
  Atomics.store(started, 0, BigInt(Date.now()));
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { ok: false, reason: "stack" };
    throw error;
  }
}
