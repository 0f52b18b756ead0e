import type { Diagnostic } from "../../plan/types.js";
import type { SyncAction } from "../../sync/types.js";
import type { WriteBackChanges } from "../../write-back/commit-message.js";
import { plural } from "../format-diagnostic.js";
import { renderTable } from "../render-table.js";
import type { SyncScope } from "./plans-to-sync.js";
import type { PlanReport, WriteBackReport } from "./token-sync.js";

/**
 * The `--json` shape, documented in README as stable: fields may be added,
 * none renamed or removed without bumping `version`.
 */
export interface SyncJson {
  version: 1;
  repository: string;
  ref: string | null;
  sha: string | null;
  before: string | null;
  /** Which plans the run looked at: "named" on the command line, "pushed" since `before`, or "all" of the repository. */
  scope: SyncScope;
  identity: string | null;
  dryRun: boolean;
  /** null when the run went through; otherwise why it stopped (exit code 1 or 2). */
  error: null | { code: string; message: string };
  /** Every diagnostic of the plans, as `plan-sync check` reports them. */
  diagnostics: Diagnostic[];
  plans: PlanJson[];
  /** Labels created (or, in a dry run, to be created). */
  labels: string[];
  /** Actions carried out; in a dry run, 0. */
  done: number;
}

export interface PlanJson {
  path: string;
  tasks: number;
  counts: { create: number; update: number; close: number; reopen: number };
  actions: ActionJson[];
  /** Why closes were held back (suspected mass close), or null. */
  blocked: string | null;
  notes: string[];
  writeBack: WriteBackJson;
}

export interface ActionJson {
  type: "create-issue" | "update-issue" | "close-issue" | "reopen-issue";
  taskId: string;
  /** null for an issue not created yet. */
  issue: number | null;
  title?: string;
  labels?: string[];
  /** update-issue: which fields change. */
  fields?: Array<"title" | "body" | "labels">;
  /** close-issue: completed or not_planned. */
  reason?: "completed" | "not_planned";
  /** create-issue for a task already ticked: the new issue is closed as completed right away. */
  closeAsCompleted?: true;
}

export interface WriteBackJson {
  status: "committed" | "pull-request" | "would-commit" | "unchanged" | "refused" | "skipped";
  commit: string | null;
  pullRequest: number | null;
  done: string[];
  reopened: string[];
  linked: string[];
  reason: string | null;
}

export function toActionJson(action: Exclude<SyncAction, { type: "create-label" }>): ActionJson {
  switch (action.type) {
    case "create-issue":
      return {
        type: action.type,
        taskId: action.taskId,
        issue: null,
        title: action.title,
        labels: action.labels,
        ...(action.closeAsCompleted ? { closeAsCompleted: true as const } : {}),
      };
    case "update-issue":
      return {
        type: action.type,
        taskId: action.taskId,
        issue: action.issueNumber,
        fields: (["title", "body", "labels"] as const).filter((f) => action[f] !== undefined),
      };
    case "close-issue":
      return { type: action.type, taskId: action.taskId, issue: action.issueNumber, reason: action.reason };
    case "reopen-issue":
      return { type: action.type, taskId: action.taskId, issue: action.issueNumber };
  }
}

export function toPlanJson(plan: PlanReport): PlanJson {
  const actions = plan.actions
    .filter((a): a is Exclude<SyncAction, { type: "create-label" }> => a.type !== "create-label")
    .map(toActionJson);
  const count = (type: ActionJson["type"]) => actions.filter((a) => a.type === type).length;
  return {
    path: plan.path,
    tasks: plan.tasks,
    counts: {
      create: count("create-issue"),
      update: count("update-issue"),
      close: count("close-issue"),
      reopen: count("reopen-issue"),
    },
    actions,
    blocked: plan.blocked,
    notes: [...plan.notes],
    writeBack: toWriteBackJson(plan.writeBack),
  };
}

function toWriteBackJson(w: WriteBackReport): WriteBackJson {
  const none = { done: [], reopened: [], linked: [] };
  const changes = "changes" in w ? w.changes : none;
  return {
    status: w.status,
    commit: w.status === "committed" ? w.commit : null,
    pullRequest: w.status === "pull-request" ? w.pullRequest : null,
    done: [...changes.done],
    reopened: [...changes.reopened],
    linked: [...changes.linked],
    reason: "reason" in w ? w.reason : null,
  };
}

/** The default output after a real run: one row per plan. */
export function renderSummary(json: SyncJson): string {
  const head = `${json.repository} at ${json.ref ?? "?"}${json.sha ? ` (${json.sha.slice(0, 7)})` : ""}, issues by ${json.identity ?? "?"}`;
  const lines = [`Synced ${head}: ${plural(json.done, "change")} on GitHub.`, ""];
  const rows = json.plans.map((p) => [
    p.path,
    String(p.tasks),
    String(p.counts.create),
    String(p.counts.update),
    String(p.counts.close),
    String(p.counts.reopen),
    describeWriteBack(p.writeBack),
  ]);
  if (json.plans.length === 0) lines.push(noPlans(json));
  else
    lines.push(
      renderTable(["Plan", "Tasks", "Created", "Updated", "Closed", "Reopened", "Plan file"], rows, [
        "left",
        "right",
        "right",
        "right",
        "right",
        "right",
        "left",
      ]).trimEnd(),
    );
  if (json.labels.length > 0) lines.push("", `Labels created: ${json.labels.join(", ")}`);
  lines.push(...afterwords(json));
  return `${lines.join("\n")}\n`;
}

/** `--dry-run`: every action, one per line, grouped by plan. */
export function renderDryRun(json: SyncJson): string {
  const lines = [
    `Dry run for ${json.repository} at ${json.ref ?? "?"}${json.sha ? ` (${json.sha.slice(0, 7)})` : ""}, issues by ${json.identity ?? "?"}: nothing is written.`,
  ];
  if (json.plans.length === 0) lines.push("", noPlans(json));
  if (json.labels.length > 0) lines.push("", ...json.labels.map((l) => `  create label  ${l}`));
  for (const plan of json.plans) {
    lines.push("", `${plan.path}: ${plural(plan.tasks, "task")}`);
    for (const a of plan.actions) lines.push(`  ${describeAction(a)}`);
    const w = plan.writeBack;
    if (w.status === "would-commit") lines.push(`  write back    ${describeChanges(w)} in ${plan.path} (one commit)`);
    if (plan.actions.length === 0 && w.status !== "would-commit") lines.push("  nothing to do");
  }
  lines.push(...afterwords(json));
  return `${lines.join("\n")}\n`;
}

/** A run that found nothing to sync says where it looked, so an empty table is not mistaken for a failure. */
function noPlans(json: SyncJson): string {
  if (json.scope === "pushed")
    return `No plan changed between ${json.before?.slice(0, 7) ?? "?"} and ${json.sha?.slice(0, 7) ?? "?"}: nothing to sync.`;
  return `No plans in ${json.repository} at ${json.ref ?? "?"} (under the paths of .github/plan-sync.yml): nothing to sync.`;
}

function describeAction(a: ActionJson): string {
  switch (a.type) {
    case "create-issue":
      return `create issue  ${a.title ?? a.taskId}${a.labels && a.labels.length > 0 ? `  [${a.labels.join(", ")}]` : ""}${a.closeAsCompleted ? "  (then close: ticked)" : ""}`;
    case "update-issue":
      return `update issue  #${a.issue} ${a.taskId} (${(a.fields ?? []).join(", ")})`;
    case "close-issue":
      return `close issue   #${a.issue} ${a.taskId} (${a.reason === "completed" ? "completed" : "not planned"})`;
    case "reopen-issue":
      return `reopen issue  #${a.issue} ${a.taskId}`;
  }
}

function describeWriteBack(w: WriteBackJson): string {
  switch (w.status) {
    case "committed":
      return `committed ${w.commit?.slice(0, 7)}: ${describeChanges(w)}`;
    case "pull-request":
      return `pull request #${w.pullRequest} (branch protected): ${describeChanges(w)}`;
    case "would-commit":
      return `would commit: ${describeChanges(w)}`;
    case "unchanged":
      return "up to date";
    case "refused":
      return `not written: ${w.reason}`;
    case "skipped":
      return `not written (${w.reason})`;
  }
}

export function describeChanges(changes: Pick<WriteBackChanges, "done" | "reopened" | "linked">): string {
  const parts: string[] = [];
  if (changes.done.length > 0) parts.push(`mark ${changes.done.join(", ")} done`);
  if (changes.reopened.length > 0) parts.push(`untick ${changes.reopened.join(", ")}`);
  if (changes.linked.length > 0) parts.push(`link ${changes.linked.join(", ")}`);
  return parts.join("; ");
}

function afterwords(json: SyncJson): string[] {
  const out: string[] = [];
  for (const plan of json.plans) {
    if (plan.blocked) out.push(`${plan.path}: held back: ${plan.blocked}`);
    for (const note of plan.notes) out.push(`${plan.path}: note: ${note}`);
  }
  if (json.plans.some((p) => p.blocked)) out.push("To close them anyway, run again with --confirm-close.");
  return out.length > 0 ? ["", ...out] : [];
}
