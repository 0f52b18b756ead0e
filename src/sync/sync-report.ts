import { countEffects, renderCheckRun, type CheckRunOutput } from "../render/check-run.js";
import type { IssueOutcome } from "./apply-actions.js";
import { CheckRunReporter } from "./check-run-reporter.js";
import { failureOutput } from "./failure-output.js";
import { authorsOf, type ForeignIssue } from "./foreign-issues.js";
import type { Gateway } from "./gateway.js";
import type { Pacer } from "./pacer.js";
import type { PlanOutcome } from "./plan-outcome.js";
import type { Log } from "../log/log.js";

/** What the `plan-sync` check run of a sync needs of the sync's options. */
export interface SyncReportDeps {
  gateway: Pick<Gateway, "createCheckRun" | "updateCheckRun">;
  pacer?: Pacer;
  progressIntervalMs?: number;
  now?: () => number;
  log: Pick<Log, "warn">;
  retryAt?: (error: unknown) => number | null;
  resumeCheckRunId?: number | null;
  retryAttempt?: number;
  onCheckRunCreated?: (id: number) => Promise<void>;
}

export function checkRunReporter(deps: SyncReportDeps, sha: string): CheckRunReporter {
  return new CheckRunReporter({
    gateway: deps.gateway,
    headSha: sha,
    pacer: deps.pacer,
    progressIntervalMs: deps.progressIntervalMs,
    now: deps.now,
    warn: (m) => deps.log.warn(m),
    resumeId: deps.resumeCheckRunId ?? null,
    retryAttempt: deps.retryAttempt ?? 0,
    ...(deps.onCheckRunCreated ? { onCreated: deps.onCheckRunCreated } : {}),
  });
}

/** Ends the run as failed (saying when the job queue tries again); a failure to say so is logged, not thrown over the first. */
export async function finishAsFailed(
  reporter: CheckRunReporter,
  error: unknown,
  deps: Pick<SyncReportDeps, "log" | "retryAt" | "now">,
): Promise<number | null> {
  try {
    const retryAt = deps.retryAt?.(error) ?? null;
    return await reporter.finish(
      failureOutput(error, retryAt === null ? null : { at: retryAt, now: (deps.now ?? Date.now)() }),
    );
  } catch (reportError) {
    deps.log.warn(
      `could not mark the plan-sync check run as failed: ${reportError instanceof Error ? reportError.message : String(reportError)}`,
    );
    return reporter.checkRunId;
  }
}

/** The completed check run of a sync: each plan's outcome, the issues it created linked, notes below, tasks left to others in the title. */
export function syncCheckRunOutput(input: {
  outcomes: readonly PlanOutcome[];
  repoUrl: string;
  created: readonly IssueOutcome[];
  notes: readonly string[];
  foreign: readonly ForeignIssue[];
}): CheckRunOutput {
  const created = input.created
    .filter((i) => i.type === "create-issue")
    .map((i) => ({ path: i.path, taskId: i.taskId, number: i.number, ...(i.repo ? { repo: i.repo } : {}) }));
  const output = renderCheckRun({ mode: "applied", plans: input.outcomes, repoUrl: input.repoUrl, created });
  return withForeignTitle(withNotes(output, input.notes), input.foreign);
}

/** Tasks left uncreated show in the title: "Issues already in sync" alone would hide them. */
function withForeignTitle(output: CheckRunOutput, foreign: readonly ForeignIssue[]): CheckRunOutput {
  if (foreign.length === 0) return output;
  const authors = authorsOf(foreign);
  const whose = authors.length === 1 ? `${authors[0]}'s` : "other authors'";
  const tasks = foreign.length === 1 ? "1 task" : `${foreign.length} tasks`;
  return { ...output, title: `${output.title}; ${tasks} left to ${whose} issues` };
}

/** Notes below the summary, as the check run's per-plan notes read. */
function withNotes(output: CheckRunOutput, notes: readonly string[]): CheckRunOutput {
  if (notes.length === 0) return output;
  return { ...output, summary: `${output.summary}\n\n${notes.map((n) => `- Note: ${n}`).join("\n")}` };
}

/** The in-progress run of a big sync: what each plan is about to get. */
export function describeStart(outcomes: readonly PlanOutcome[]): string {
  const lines = ["plan-sync is bringing the issues in line with the plans of this push:", ""];
  for (const c of outcomes.map(countEffects)) {
    lines.push(
      `- \`${c.path}\`: ${c.create} to create, ${c.update} to update, ${c.close} to close, ${c.reopen} to reopen`,
    );
  }
  return lines.join("\n");
}
