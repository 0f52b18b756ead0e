import type { PlanSyncConfig } from "../../config/config-schema.js";
import { toIssueRecord, type GitHubIssue } from "../../github/map-records.js";
import { parseMarker } from "../../render/marker.js";
import type { SyncAction } from "../../sync/types.js";
import { describeFailure, SyncFailure } from "./github-failure.js";

export interface LabelledIssueLister {
  paginate(route: string, params: Record<string, unknown>): Promise<unknown[]>;
}

/**
 * Before creating issues, make sure the tasks have no plan-sync issue by
 * someone else: the App's bot, or another token's user. Those are not this
 * identity's to manage, so the reconciler does not see them, and creating
 * would duplicate every task (the thing users of such tools fear most). Only
 * runs when the sync would create issues, and reads only issues carrying the
 * plan label, so a run that creates nothing pays nothing for it.
 */
export async function refuseForeignDuplicates(input: {
  octokit: LabelledIssueLister;
  owner: string;
  repo: string;
  identity: string;
  config: Pick<PlanSyncConfig, "labels">;
  actions: readonly SyncAction[];
}): Promise<void> {
  const creates = input.actions.filter((a): a is Extract<SyncAction, { type: "create-issue" }> => a.type === "create-issue");
  if (creates.length === 0) return;
  const wanted = new Set(creates.map((c) => `${c.path}\u0000${c.taskId}`));
  let raw: unknown[];
  try {
    raw = await input.octokit.paginate("GET /repos/{owner}/{repo}/issues", {
      owner: input.owner,
      repo: input.repo,
      labels: input.config.labels.plan.name,
      state: "all",
      per_page: 100,
    });
  } catch (error) {
    throw describeFailure(error, "read-issues", `${input.owner}/${input.repo}`);
  }
  const me = input.identity.toLowerCase();
  const clashes = new Map<string, Map<number, string>>();
  for (const item of raw as GitHubIssue[]) {
    if (item.pull_request) continue;
    const issue = toIssueRecord(item);
    if (issue.author.toLowerCase() === me) continue;
    const marker = parseMarker(issue.body);
    if (!marker || !wanted.has(`${marker.path}\u0000${marker.task}`)) continue;
    const tasks = clashes.get(issue.author) ?? new Map<number, string>();
    tasks.set(issue.number, `${marker.task} (#${issue.number})`);
    clashes.set(issue.author, tasks);
  }
  if (clashes.size === 0) return;
  const [author, tasks] = [...clashes.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
  const list = [...tasks.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, 5)
    .map(([, text]) => text)
    .join(", ") + (tasks.size > 5 ? `, and ${tasks.size - 5} more` : "");
  throw new SyncFailure(
    "identity",
    `these tasks already have plan-sync issues created by ${author}, not by ${input.identity}: ${list}. ` +
      `plan-sync only manages issues its own identity created, so syncing as ${input.identity} would create duplicates; nothing was written. ` +
      `Run with a token that writes as ${author} (for the App's bot: an installation token of the App, with --identity ${author}), ` +
      `or see "Switching between the App and a token" in the README.`,
  );
}
