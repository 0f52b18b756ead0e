import type { Diagnostic } from "../plan/types.js";
import type { SyncAction } from "../sync/types.js";
import type { PlanOutcome } from "../sync/plan-outcome.js";
import { compareDiagnostics, compareStrings, countOutcome, type PlanCounts } from "./check-run.js";
import { code, encodePath, inline, plural, truncateMarkdown } from "./pr-comment-markdown.js";
import { progressBar, type AreaProgress } from "./progress.js";

/** First line of every status comment plan-sync writes on a pull request. */
export const PR_COMMENT_MARKER = "<!-- plan-sync:pr-status v1 -->";
const DATA_PREFIX = "<!-- plan-sync:pr-status-data ";
/** GitHub refuses comments over 65,536 characters. */
export const PR_COMMENT_LIMIT = 65_000;
const LIST_LIMIT = 30;

export type PlanChange = "added" | "modified" | "renamed" | "deleted" | "referenced";

/** A task issue this PR refers to: by a closing keyword (it closes on merge) or by ID in its title / branch. */
export interface TaskReference {
  taskId: string;
  issueNumber: number;
  title: string;
  /** A closing keyword names it: merging closes the issue, and plan-sync ticks the task. */
  closes: boolean;
  /** The task is already done. */
  done: boolean;
}

export interface PrPlanSection extends PlanOutcome {
  change: PlanChange;
  previousPath?: string;
  featureName?: string | null;
  /** Progress per area once the PR is merged. */
  progress: readonly AreaProgress[];
  /** Progress per area on the base branch, to show what the PR changes. */
  progressBefore?: readonly AreaProgress[];
  /** Titles of managed issues, by number, for update / close / reopen lines. */
  issueTitles?: Readonly<Record<number, string>>;
  /** For a plan the PR does not change: the tasks it works on. */
  references?: readonly TaskReference[];
}

export interface PrCommentInput {
  serverUrl: string;
  owner: string;
  repo: string;
  /** Diagnostic links point at the lines as they are at this commit. */
  headSha: string;
  plans: readonly PrPlanSection[];
}

/** The check run's counts of a plan, plus what only the PR comment shows. */
export interface PrCommentPlanSummary extends PlanCounts {
  change: PlanChange;
  blocked: boolean;
  /** Task IDs this PR closes on merge (closing keywords). */
  completes: string[];
}

export interface PrCommentData {
  version: 1;
  plans: PrCommentPlanSummary[];
}

/**
 * The one status comment of a pull request. Same input, same string: the
 * sticky-comment upsert compares bodies, so an unchanged status costs no write.
 * The head SHA appears only in diagnostic links, which must follow the lines.
 */
export function renderPrComment(input: PrCommentInput): string {
  const plans = [...input.plans].sort((a, b) => compareStrings(a.path, b.path));
  const lines: string[] = [PR_COMMENT_MARKER, "## plan-sync"];
  if (plans.length === 0) {
    lines.push(
      "",
      "This pull request changes no plan and refers to no plan task (no `Closes #…` of a task issue, no task ID in its title or branch).",
    );
  }
  for (const plan of plans) lines.push("", ...renderSection(input, plan));
  lines.push("", "<sub>Kept up to date on every push. Comment <code>/plan-sync status</code> to refresh it.</sub>");
  const data = encodeData({ version: 1, plans: plans.map(summarise) });
  const body = truncateMarkdown(
    lines.join("\n"),
    PR_COMMENT_LIMIT - data.length - 1,
    (omitted) =>
      `_This status is cut short (${omitted} more characters); the \`plan-sync\` check lists every diagnostic._`,
  );
  return `${body}\n${data}`;
}

/** The summary embedded in one of our status comments, or null when the body is not ours. */
export function parsePrComment(body: string): PrCommentData | null {
  if (!body.startsWith(PR_COMMENT_MARKER)) return null;
  const start = body.lastIndexOf(DATA_PREFIX);
  if (start < 0) return null;
  const end = body.indexOf(" -->", start);
  if (end < 0) return null;
  try {
    const data = JSON.parse(body.slice(start + DATA_PREFIX.length, end)) as PrCommentData;
    return data.version === 1 && Array.isArray(data.plans) ? data : null;
  } catch {
    return null;
  }
}

export function isPrComment(body: string): boolean {
  return body.startsWith(PR_COMMENT_MARKER);
}

function encodeData(data: PrCommentData): string {
  // `<` and `>` escaped so no path can close the HTML comment early.
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${DATA_PREFIX}${json} -->`;
}

function summarise(plan: PrPlanSection): PrCommentPlanSummary {
  const c = countOutcome(plan);
  return {
    path: plan.path,
    change: plan.change,
    create: c.create,
    update: c.update,
    close: c.close,
    reopen: c.reopen,
    errors: c.errors,
    warnings: c.warnings,
    blocked: plan.blocked !== null,
    completes: (plan.references ?? []).filter((r) => r.closes && !r.done).map((r) => r.taskId),
  };
}

const CHANGE_TEXT: Record<PlanChange, string> = {
  added: "Added in this pull request.",
  modified: "Changed in this pull request.",
  renamed: "Renamed in this pull request.",
  deleted: "Deleted in this pull request.",
  referenced: "Not changed here; this pull request works on its tasks.",
};

function renderSection(input: PrCommentInput, plan: PrPlanSection): string[] {
  const title = plan.featureName ? ` · ${inline(plan.featureName)}` : "";
  const lines = [`### ${code(plan.path)}${title}`, ""];
  const renamed = plan.change === "renamed" && plan.previousPath ? ` Previously ${code(plan.previousPath)}.` : "";
  lines.push(`_${CHANGE_TEXT[plan.change]}_${renamed}`);

  const diagnostics = renderDiagnostics(input, plan.diagnostics);
  if (diagnostics.length) lines.push("", ...diagnostics);
  if (plan.change === "referenced") lines.push("", ...renderReferences(plan.references ?? []));
  else {
    lines.push("", ...renderActions(plan));
    if (plan.references?.length) lines.push("", ...renderReferences(plan.references));
  }
  if (plan.blocked !== null) lines.push("", "> [!WARNING]", `> **Closing held back.** ${inline(plan.blocked, 1000)}`);
  for (const note of plan.notes) lines.push("", `> [!NOTE]`, `> ${inline(note, 1000)}`);
  if (plan.progress.length) lines.push("", ...renderProgress(plan));
  return lines;
}

function renderDiagnostics(input: PrCommentInput, diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length === 0) return [];
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const errors = sorted.filter((d) => d.severity === "error").length;
  const lines: string[] = [];
  if (errors > 0)
    lines.push(
      `**${plural(errors, "error")}: plan-sync will not sync this plan until ${errors === 1 ? "it is" : "they are"} fixed.**`,
    );
  else lines.push(`**${plural(sorted.length, "warning")}:**`);
  lines.push("");
  for (const d of sorted.slice(0, LIST_LIMIT)) {
    const url = `${input.serverUrl}/${input.owner}/${input.repo}/blob/${input.headSha}/${encodePath(d.path)}#L${d.line}`;
    lines.push(
      `- ${d.severity === "error" ? "❌" : "⚠️"} [line ${d.line}](${url}) ${code(d.code)}: ${inline(d.message, 300)}`,
    );
  }
  if (sorted.length > LIST_LIMIT) lines.push(`- … and ${sorted.length - LIST_LIMIT} more in the \`plan-sync\` check`);
  return lines;
}

function renderActions(plan: PrPlanSection): string[] {
  // Titles are known by number in the plan's repository only: a routed issue's number may be taken there too.
  const titleOf = (a: { issueNumber: number; repo?: string }): string => {
    const title = a.repo ? undefined : plan.issueTitles?.[a.issueNumber];
    return title === undefined ? "" : ` ${inline(title)}`;
  };
  // An area routed to another repository (areas.<ID>.repo): the issue is named with it.
  const ref = (a: { issueNumber: number; repo?: string }) => `${a.repo ? inline(a.repo) : ""}#${a.issueNumber}`;
  const groups: Array<[string, string[]]> = [
    [
      "Create",
      pick(
        plan.actions,
        "create-issue",
        (a) =>
          `${code(a.taskId)} ${inline(a.title)}${a.repo ? ` in ${inline(a.repo)}` : ""}${a.closeAsCompleted ? " (already done: created closed)" : ""}`,
      ),
    ],
    [
      "Update",
      pick(
        plan.actions,
        "update-issue",
        (a) =>
          `${ref(a)} ${code(a.taskId)}${a.title !== undefined ? ` ${inline(a.title)}` : titleOf(a)}${changedFields(a)}`,
      ),
    ],
    [
      "Close",
      pick(
        plan.actions,
        "close-issue",
        (a) => `${ref(a)} ${code(a.taskId)}${titleOf(a)} (${a.reason === "completed" ? "completed" : "not planned"})`,
      ),
    ],
    ["Reopen", pick(plan.actions, "reopen-issue", (a) => `${ref(a)} ${code(a.taskId)}${titleOf(a)}`)],
  ];
  const present = groups.filter(([, items]) => items.length > 0);
  if (present.length === 0) return ["No issue changes on merge."];
  const lines = ["**On merge, plan-sync will:**", ""];
  for (const [verb, items] of present) {
    lines.push(`- **${verb}** ${plural(items.length, "issue")}:`);
    for (const item of items.slice(0, LIST_LIMIT)) lines.push(`  - ${item}`);
    if (items.length > LIST_LIMIT) lines.push(`  - … and ${items.length - LIST_LIMIT} more`);
  }
  return lines;
}

function pick<T extends SyncAction["type"]>(
  actions: readonly SyncAction[],
  type: T,
  render: (a: Extract<SyncAction, { type: T }>) => string,
): string[] {
  return actions.filter((a): a is Extract<SyncAction, { type: T }> => a.type === type).map(render);
}

function changedFields(action: Extract<SyncAction, { type: "update-issue" }>): string {
  const fields = [
    action.title !== undefined && "title",
    action.body !== undefined && "description",
    action.labels !== undefined && "labels",
  ].filter(Boolean);
  return fields.length ? ` (${fields.join(", ")})` : "";
}

function renderReferences(references: readonly TaskReference[]): string[] {
  const sorted = [...references].sort((a, b) => a.issueNumber - b.issueNumber);
  const completes = sorted.filter((r) => r.closes && !r.done);
  const others = sorted.filter((r) => !(r.closes && !r.done));
  const lines: string[] = [];
  if (completes.length) {
    lines.push(
      `**Merging completes ${plural(completes.length, "task")}** (closing keyword; plan-sync then ticks ${completes.length === 1 ? "it" : "them"} in the plan):`,
      "",
    );
    for (const r of completes) lines.push(`- #${r.issueNumber} ${code(r.taskId)} ${inline(r.title)}`);
  }
  if (others.length) {
    if (lines.length) lines.push("");
    lines.push("**Also refers to:**", "");
    for (const r of others)
      lines.push(`- #${r.issueNumber} ${code(r.taskId)} ${inline(r.title)}${r.done ? " (done)" : ""}`);
  }
  return lines.length ? lines : ["No task issues referenced."];
}

function renderProgress(plan: PrPlanSection): string[] {
  const heading = plan.change === "deleted" ? "**Progress before deletion**" : "**Progress after merge**";
  const rows = [...plan.progress];
  const before = plan.progressBefore ? new Map(plan.progressBefore.map((p) => [p.area, p])) : null;
  if (rows.length > 1) {
    rows.push(total("All", rows));
    before?.set("All", total("All", [...before.values()]));
  }
  const lines = [heading, ""];
  lines.push(...(before ? ["| Area | Done | Change |", "|---|---|---|"] : ["| Area | Done |", "|---|---|"]));
  for (const row of rows) {
    const name = row.area === "All" ? "**All**" : code(row.area);
    const cells = [name, progressBar(row.done, row.total)];
    if (before) {
      const was = before.get(row.area);
      cells.push(was ? describeDelta(was, row) || "–" : "new");
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

function total(area: string, rows: readonly AreaProgress[]): AreaProgress {
  return { area, done: rows.reduce((n, r) => n + r.done, 0), total: rows.reduce((n, r) => n + r.total, 0) };
}

function describeDelta(before: AreaProgress, after: AreaProgress): string {
  const parts: string[] = [];
  const done = after.done - before.done;
  const total = after.total - before.total;
  if (done) parts.push(`${done > 0 ? "+" : ""}${done} done`);
  if (total) parts.push(`${total > 0 ? "+" : ""}${plural(total, "task")}`);
  return parts.join(", ");
}
