import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { Gateway } from "./gateway.js";
import { looksLikePlan } from "../plan/is-plan.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import { isMarkdown } from "./push-event.js";
import { planParseOptions } from "./plan-parse-options.js";
import type { Plan } from "../plan/types.js";

export type PlanFileChange = "added" | "modified" | "renamed" | "deleted";

/** A plan file a pull request changes, with its text on both sides. */
export interface ChangedPlanFile {
  /** Path at the head; for a deleted plan, its path at the base. */
  path: string;
  change: PlanFileChange;
  /** Path at the base when it differs (a rename). */
  previousPath: string | null;
  /** Text at the PR head; null when the plan is gone there. */
  headText: string | null;
  /** Text at the base; null when the plan is new. */
  baseText: string | null;
  /**
   * The file is still there at the head but has no task table any more,
   * though it had one at the base. Not a deletion: a misspelt `Task ID`
   * header would otherwise read as every task removed and close their issues.
   */
  lostTaskTables?: boolean;
  /** The base was not read (readChangedPlans' `deferBase`): `baseText` is null because nobody asked for it yet. */
  baseDeferred?: boolean;
}

type PullRequestFile = Awaited<ReturnType<Gateway["listPullRequestFiles"]>>[number];

/**
 * The plans among a PR's changed files: Markdown files under the configured
 * paths whose text looks like a plan at the head, or did at the base (a plan
 * the PR deletes, or moves out of the plan paths). Only those are read.
 */
export async function readChangedPlans(
  gateway: Pick<Gateway, "getFile">,
  pr: { headSha: string; baseSha: string },
  files: readonly PullRequestFile[],
  config: Pick<PlanSyncConfig, "paths" | "ignore">,
  options: {
    /**
     * A plan modified in place whose head still looks like a plan is listed
     * without reading its base (`baseDeferred`): the push sync reads it only
     * when the reconciliation turns out to need it (readPlanAt).
     */
    deferBase?: boolean;
  } = {},
): Promise<ChangedPlanFile[]> {
  const isCandidate = (path: string | undefined): path is string =>
    path !== undefined && isMarkdown(path) && matchesPlanPaths(path, config);
  const plans: ChangedPlanFile[] = [];
  for (const file of files) {
    const headPath = file.status !== "removed" && isCandidate(file.path) ? file.path : null;
    const basePathRaw = file.status === "added" ? undefined : (file.previousPath ?? file.path);
    const basePath = isCandidate(basePathRaw) ? basePathRaw : null;
    if (!headPath && !basePath) continue;

    const headFile = headPath ? await gateway.getFile(headPath, pr.headSha) : null;
    const headText = headFile && headPath && looksLikePlan(headFile.text, headPath) ? headFile.text : null;
    if (options.deferBase && file.status === "modified" && headPath && basePath === headPath && headText !== null) {
      plans.push({
        path: headPath,
        change: "modified",
        previousPath: null,
        headText,
        baseText: null,
        baseDeferred: true,
      });
      continue;
    }
    const baseText = basePath ? await readPlanText(gateway, basePath, pr.baseSha) : null;
    if (headPath && headText !== null) {
      const change: PlanFileChange = baseText === null ? "added" : basePath !== headPath ? "renamed" : "modified";
      plans.push({
        path: headPath,
        change,
        previousPath: change === "renamed" ? basePath : null,
        headText,
        baseText: baseText,
      });
    } else if (headPath && headFile && basePath === headPath && baseText !== null) {
      plans.push({
        path: headPath,
        change: "modified",
        previousPath: null,
        headText: headFile.text,
        baseText,
        lostTaskTables: true,
      });
    } else if (basePath && baseText !== null) {
      plans.push({ path: basePath, change: "deleted", previousPath: null, headText: null, baseText });
    }
  }
  return plans.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The plan at `ref`, parsed as every caller parses plans; null when the file is not there or is not a plan. */
export async function readPlanAt(
  gateway: Pick<Gateway, "getFile">,
  path: string,
  ref: string,
  config?: Partial<Pick<PlanSyncConfig, "areas">>,
): Promise<Plan | null> {
  const text = await readPlanText(gateway, path, ref);
  return text === null ? null : parsePlanBudgeted(text, path, planParseOptions(config));
}

/** The file's text when it exists and looks like a plan; otherwise null. */
async function readPlanText(gateway: Pick<Gateway, "getFile">, path: string, ref: string): Promise<string | null> {
  const file = await gateway.getFile(path, ref);
  return file && looksLikePlan(file.text, path) ? file.text : null;
}

/**
 * Both sides of a changed plan, parsed. Every caller (push sync, the PR
 * preview, `plan-sync sync`) parses through here, so a plan that lost its task
 * tables is refused the same way everywhere. `config` lends its area
 * prefixes to the `missing-task-id-column` rule (optional only so callers
 * without a config keep compiling; pass it whenever there is one).
 */
export async function parseChangedPlan(
  file: ChangedPlanFile,
  config?: Partial<Pick<PlanSyncConfig, "areas">>,
): Promise<{ plan: Plan | null; previousPlan: Plan | null }> {
  const options = planParseOptions(config);
  const previousPlan =
    file.baseText === null ? null : await parsePlanBudgeted(file.baseText, file.previousPath ?? file.path, options);
  if (file.headText === null) return { plan: null, previousPlan };
  const plan = await parsePlanBudgeted(file.headText, file.path, options);
  if (file.lostTaskTables) {
    const tasks = previousPlan?.tasks.length ?? 0;
    plan.diagnostics.unshift({
      path: file.path,
      line: 1,
      column: 1,
      severity: "error",
      code: "no-task-table",
      message:
        `This file had ${tasks} task${tasks === 1 ? "" : "s"} in task tables before this change and has no task table now, ` +
        "so every task would read as removed and its issue be closed. Is a `Task ID` header misspelt? Nothing is synced for this file. " +
        "To retire the plan and close its issues, delete the file (or move it out of `paths`).",
    });
  }
  return { plan, previousPlan };
}
