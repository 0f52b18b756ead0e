import { type Log } from "../log/log.js";
import { StaleFileError } from "../github/errors.js";
import type { Gateway, PullRequestRecord } from "../github/gateway.js";
import type { PatchOptions, TaskPatch } from "../plan/patch-plan.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import { hasErrors } from "../plan/types.js";
import { applyToTextBudgeted } from "../parse-worker/plan-parser.js";
import { refusal } from "./apply-to-text.js";
import { writeBackBranch } from "./branch-name.js";
import { countChanges, type WriteBackChanges } from "./commit-message.js";
import type { WriteBackResult } from "./write-back.js";
import { WriteBackConflictError } from "./write-back-errors.js";
import { WRITE_BACK_CHECK_RUN_NAME } from "../render/check-run.js";

// Named with the other check runs (the rerun feature reads it there too); still exported here for write-back's own importers.
export { WRITE_BACK_CHECK_RUN_NAME };

export interface PullRequestWriteInput {
  gateway: Gateway;
  path: string;
  /** The protected default branch the pull request goes into. */
  base: string;
  desired: ReadonlyMap<string, TaskPatch>;
  message: (changes: WriteBackChanges) => string;
  maxAttempts: number;
  parseOptions?: PatchOptions;
  log: Log;
  /** Told how many tries the branch write took, for writeBack's log line. */
  tally?: { attempts: number };
}

/**
 * The protected-branch path: one branch and one pull request per plan. The
 * branch is reset to the base head on every write so the pull request never
 * conflicts with people's later commits; changes still waiting in the open
 * pull request are carried over, so a second burst does not drop the first.
 * A `plan-sync/write-back` check run on the base head says where the change went.
 */
export async function writeViaPullRequest(input: PullRequestWriteInput): Promise<WriteBackResult> {
  const { gateway, path, base, log } = input;
  const baseSha = await gateway.getBranchSha(base);
  if (!baseSha) throw new Error(`branch ${base} does not exist`);
  const head = writeBackBranch(path);
  const existing = await gateway.findOpenPullRequest(head, base);
  const desired = existing
    ? mergeWishes(await pendingOnBranch(gateway, path, base, head), input.desired)
    : input.desired;

  await gateway.setBranch(head, baseSha);
  for (let attempt = 1; attempt <= input.maxAttempts; attempt++) {
    if (input.tally) input.tally.attempts = attempt;
    const file = await gateway.getFile(path, head);
    if (!file) return { status: "refused", reason: `${path} does not exist on ${base}`, missing: [...desired.keys()] };
    const outcome = await applyToTextBudgeted(file.text, path, desired, input.parseOptions);
    if (outcome.kind === "refused") return refusal(outcome);
    if (outcome.kind === "unchanged") {
      // The branch now equals the base: an open pull request has nothing left to merge.
      if (existing) await gateway.updatePullRequest(existing.number, { body: pullRequestBody(path, base, null) });
      return { status: "unchanged", missing: outcome.missing };
    }
    let commitSha: string;
    try {
      commitSha = await gateway.putFile({
        path,
        branch: head,
        text: outcome.text,
        sha: file.sha,
        message: input.message(outcome.changes),
      });
    } catch (error) {
      if (error instanceof StaleFileError) continue;
      throw error;
    }
    const title = `plan-sync: update ${path}`;
    const body = pullRequestBody(path, base, outcome.changes);
    const pullRequest: PullRequestRecord = existing
      ? (await gateway.updatePullRequest(existing.number, { title, body }), existing)
      : await gateway.createPullRequest({ head, base, title, body });
    log.info(
      `${existing ? "updated" : "opened"} pull request #${pullRequest.number} for ${path} (${base} is protected)`,
    );
    await gateway.createCheckRun({
      headSha: baseSha,
      name: WRITE_BACK_CHECK_RUN_NAME,
      status: "completed",
      conclusion: "neutral",
      title: `Plan update waits in pull request #${pullRequest.number}`,
      summary: `${base} is protected, so plan-sync could not commit the task state to \`${path}\` directly. Merge [#${pullRequest.number}](${pullRequest.htmlUrl}) to update the plan.\n\n${describeChanges(outcome.changes)}`,
    });
    return {
      status: "pull-request",
      branch: head,
      commitSha,
      pullRequest,
      changes: outcome.changes,
      missing: outcome.missing,
    };
  }
  throw new WriteBackConflictError(path, head, input.maxAttempts);
}

/** What the open pull request's branch says that the base does not: state and links written by earlier bursts. */
async function pendingOnBranch(
  gateway: Gateway,
  path: string,
  base: string,
  head: string,
): Promise<Map<string, TaskPatch>> {
  const pending = new Map<string, TaskPatch>();
  const [baseFile, headFile] = await Promise.all([gateway.getFile(path, base), gateway.getFile(path, head)]);
  if (!baseFile || !headFile) return pending;
  const [basePlan, headPlan] = await Promise.all([
    parsePlanBudgeted(baseFile.text, path),
    parsePlanBudgeted(headFile.text, path),
  ]);
  if (hasErrors(basePlan) || hasErrors(headPlan)) return pending;
  const baseTasks = new Map(basePlan.tasks.map((t) => [t.id, t]));
  for (const task of headPlan.tasks) {
    const before = baseTasks.get(task.id);
    if (!before) continue;
    const patch: TaskPatch = {};
    if (task.done !== before.done) patch.done = task.done;
    const link = task.issueLink;
    if (link && (before.issueLink?.number !== link.number || before.issueLink.url !== link.url))
      patch.issue = { number: link.number, url: link.url };
    if (patch.done !== undefined || patch.issue) pending.set(task.id, patch);
  }
  return pending;
}

/** Newer wishes win field by field: a reopen after a pending tick unticks. */
function mergeWishes(
  older: ReadonlyMap<string, TaskPatch>,
  newer: ReadonlyMap<string, TaskPatch>,
): Map<string, TaskPatch> {
  const merged = new Map(older);
  for (const [id, patch] of newer) merged.set(id, { ...merged.get(id), ...patch });
  return merged;
}

function pullRequestBody(path: string, base: string, changes: WriteBackChanges | null): string {
  const intro = `\`${base}\` is protected, so plan-sync proposes the task state of \`${path}\` here instead of committing it. plan-sync keeps this pull request up to date as issues close and reopen.`;
  if (!changes || countChanges(changes) === 0)
    return `${intro}\n\nNothing is waiting any more: the plan on \`${base}\` already matches the issues. This pull request can be closed.`;
  return `${intro}\n\n${describeChanges(changes)}`;
}

function describeChanges(changes: WriteBackChanges): string {
  const lines: string[] = [];
  if (changes.done.length > 0) lines.push(`- Mark done: ${changes.done.join(", ")}`);
  if (changes.reopened.length > 0) lines.push(`- Reopen: ${changes.reopened.join(", ")}`);
  if (changes.linked.length > 0) lines.push(`- Link to issues: ${changes.linked.join(", ")}`);
  return lines.join("\n");
}
