import { type Log } from "../log/log.js";
import { CONFIG_PATH } from "../config/config-path.js";
import type { ParseConfigResult } from "../config/parse-config.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { CheckConclusion, Gateway, PullRequestRecord } from "../github/gateway.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import { hasErrors } from "../plan/types.js";
import { appIssueMarker, isAuthoredBy } from "../sync/managed-issues.js";
// Siblings directly, not ./index.js: the index re-exports this module, and a cycle through it would be loaded half-done.
import { writeBackBranch } from "./branch-name.js";
import { writeBackBurst } from "./write-back-burst.js";
import type { WriteBackResult } from "./write-back.js";
import { WRITE_BACK_CHECK_RUN_NAME } from "./write-via-pull-request.js";

export interface RerunWriteBackDeps {
  /** Paced, like every write-back. */
  gateway: Gateway;
  identity: string;
  config: ParseConfigResult;
  /** The default branch. */
  branch: string;
  log: Log;
}

export interface RerunWriteBackInput {
  /** The commit the re-requested check sits on: the answer goes there too. */
  headSha: string;
  /** The write-back pull request the check named. */
  pullRequest: number | null;
}

export type RerunWriteBackResult = { kind: "written"; result: WriteBackResult } | { kind: "explained"; reason: string };

/**
 * Re-run of a `plan-sync/write-back` check: that check says a plan's task
 * state waits in plan-sync's pull request (the default branch is protected).
 * Re-running writes the tasks that pull request carries again, from their
 * issues as they are now (writeBackBurst, the issues handler's engine): the
 * pull request is brought up to date, or reopened as a new one if it was
 * closed unmerged, or the commit goes straight in if the branch is no longer
 * protected. Only those tasks: re-deriving every task from its issue could
 * untick a tick a person pushed that push sync has not acted on yet.
 * Always ends with a new `plan-sync/write-back` check run, unless the write
 * itself posted one; when the plan cannot be told from the check, that
 * check run says so and that the next close or reopen writes it.
 */
export async function rerunWriteBack(
  deps: RerunWriteBackDeps,
  input: RerunWriteBackInput,
): Promise<RerunWriteBackResult> {
  const { gateway, log } = deps;
  const explain = async (reason: string): Promise<RerunWriteBackResult> => {
    log.info(`re-run of write-back check on ${input.headSha.slice(0, 7)}: ${reason}`);
    await answer(
      gateway,
      input.headSha,
      "neutral",
      "Write-back not re-run",
      `${reason}\n\nplan-sync writes the task state into the plan again the next time one of its issues is closed or reopened.`,
    );
    return { kind: "explained", reason };
  };

  if (!deps.config.ok) return explain(`\`${CONFIG_PATH}\` is not valid (${deps.config.errors.join("; ")}).`);
  const config = deps.config.config;
  if (!config.writeBack) return explain(`\`writeBack\` is off in \`${CONFIG_PATH}\`.`);
  const pr = input.pullRequest === null ? null : await gateway.getPullRequest(input.pullRequest);
  if (!pr || !isAuthoredBy(pr, deps.identity)) {
    return explain(
      input.pullRequest === null
        ? "This check names no plan-sync pull request."
        : `#${input.pullRequest} is not a plan-sync write-back pull request.`,
    );
  }
  // The branch is named after the plan (writeBackBranch); the app's issues know every plan path. Unlike the
  // pull request's file list, this still answers once the pull request is merged.
  const issues = (await gateway.listIssuesByCreator(deps.identity)).flatMap((issue) => {
    const marker = appIssueMarker(issue, deps.identity);
    return marker ? [{ number: issue.number, marker }] : [];
  });
  const path = [...new Set(issues.map((i) => i.marker.path))].sort().find((p) => writeBackBranch(p) === pr.headRef);
  if (!path) return explain(`No plan with plan-sync issues writes to #${pr.number}'s branch \`${pr.headRef}\`.`);
  if (!matchesPlanPaths(path, config))
    return explain(`\`${path}\` is no longer matched by \`paths\`/\`ignore\` in \`${CONFIG_PATH}\`.`);

  const tasks = await pendingTasks(gateway, path, pr);
  const result = await writeBackBurst({
    gateway,
    path,
    branch: deps.branch,
    issueNumbers: issues.filter((i) => i.marker.path === path && tasks.has(i.marker.task)).map((i) => i.number),
    identity: deps.identity,
    links: config.links,
    log,
  });
  // A pull request written to posted its own check run; the other outcomes are answered here.
  if (result.status === "committed") {
    await answer(
      gateway,
      input.headSha,
      "success",
      "Plan updated",
      `plan-sync committed the task state to \`${path}\` on \`${result.branch}\` (${result.commitSha.slice(0, 7)}).`,
    );
  } else if (result.status === "unchanged") {
    await answer(
      gateway,
      input.headSha,
      "success",
      "Nothing waits any more",
      `\`${path}\` on \`${deps.branch}\` already matches its issues.`,
    );
  } else if (result.status === "refused") {
    await answer(
      gateway,
      input.headSha,
      "neutral",
      "Plan not updated",
      `plan-sync wrote nothing to \`${path}\`: ${result.reason}`,
    );
  }
  return { kind: "written", result };
}

/** Tasks whose state or link the write-back pull request changes: what it was about. */
async function pendingTasks(
  gateway: Pick<Gateway, "getFile">,
  path: string,
  pr: PullRequestRecord,
): Promise<Set<string>> {
  const [base, head] = await Promise.all([gateway.getFile(path, pr.baseRef), gateway.getFile(path, pr.headSha)]);
  const tasks = new Set<string>();
  if (!base || !head) return tasks;
  const [before, after] = await Promise.all([parsePlanBudgeted(base.text, path), parsePlanBudgeted(head.text, path)]);
  if (hasErrors(before) || hasErrors(after)) return tasks;
  const old = new Map(before.tasks.map((t) => [t.id, t]));
  for (const task of after.tasks) {
    const was = old.get(task.id);
    if (!was) continue;
    if (was.done !== task.done || was.issueLink?.number !== task.issueLink?.number) tasks.add(task.id);
  }
  return tasks;
}

async function answer(
  gateway: Pick<Gateway, "createCheckRun">,
  headSha: string,
  conclusion: CheckConclusion,
  title: string,
  summary: string,
): Promise<void> {
  await gateway.createCheckRun({
    headSha,
    name: WRITE_BACK_CHECK_RUN_NAME,
    status: "completed",
    conclusion,
    title,
    summary,
  });
}
