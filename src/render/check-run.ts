import type { CheckAnnotation } from "../sync/gateway.js";
import type { Diagnostic } from "../plan/types.js";
import type { PlanOutcome } from "../sync/plan-outcome.js";
import type { SyncAction } from "../sync/types.js";
import { code, inline, plural, truncateMarkdown } from "./pr-comment-markdown.js";

export const CHECK_RUN_NAME = "plan-sync";
/**
 * Not `plan-sync`: GitHub (and branch protection's required checks) go by
 * the latest run of a name on a commit, and this neutral run lands on the
 * same commit as push sync's `plan-sync` check. Under the same name it would
 * hide a failing sync.
 */
export const WRITE_BACK_CHECK_RUN_NAME = "plan-sync/write-back";
/** GitHub's limit for a check run's summary (and text). */
export const CHECK_SUMMARY_LIMIT = 65_535;
/** Beyond this a list in the summary ends with "… and N more": the annotations carry every diagnostic anyway. */
const LIST_LIMIT = 50;
const ANNOTATION_TITLE_LIMIT = 255;

export interface CheckRunRenderInput {
  /** "preview": what merging will do (PRs); "applied": what the push sync did. */
  mode: "preview" | "applied";
  plans: readonly PlanOutcome[];
  /** `https://github.com/owner/repo`; issue numbers become links when given. */
  repoUrl?: string;
  /** Numbers of issues an applied sync created, so the summary can link them. */
  created?: ReadonlyArray<{ path: string; taskId: string; number: number; repo?: string }>;
}

/** Everything of a CheckRunInput except the commit it belongs to. */
export interface CheckRunOutput {
  name: string;
  status: "completed";
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export interface PlanCounts {
  path: string;
  create: number;
  update: number;
  close: number;
  reopen: number;
  errors: number;
  warnings: number;
}

/** One count per action, by its type. */
export function countOutcome(outcome: PlanOutcome): PlanCounts {
  const counts: PlanCounts = { path: outcome.path, create: 0, update: 0, close: 0, reopen: 0, errors: 0, warnings: 0 };
  for (const action of outcome.actions) {
    if (action.type === "create-issue") counts.create += 1;
    else if (action.type === "update-issue") counts.update += 1;
    else if (action.type === "close-issue") counts.close += 1;
    else if (action.type === "reopen-issue") counts.reopen += 1;
  }
  for (const d of outcome.diagnostics) {
    if (d.severity === "error") counts.errors += 1;
    else counts.warnings += 1;
  }
  return counts;
}

/**
 * What the actions do to the issues, as a reader of the check run counts it:
 * an issue created already done is opened and closed (completed) at once, so
 * it counts as created and as closed. countOutcome counts it once, by type.
 */
export function countEffects(outcome: PlanOutcome): PlanCounts {
  const counts = countOutcome(outcome);
  counts.close += createdClosed(outcome.actions).length;
  return counts;
}

function createdClosed(actions: readonly SyncAction[]): Array<Extract<SyncAction, { type: "create-issue" }>> {
  return actions.filter(
    (a): a is Extract<SyncAction, { type: "create-issue" }> => a.type === "create-issue" && a.closeAsCompleted === true,
  );
}

/** One annotation per diagnostic, at its line; errors fail the check, warnings do not. */
export function diagnosticAnnotations(diagnostics: readonly Diagnostic[]): CheckAnnotation[] {
  return [...diagnostics].sort(compareDiagnostics).map((d) => ({
    path: d.path,
    startLine: d.line,
    endLine: d.line,
    level: d.severity === "error" ? "failure" : "warning",
    message: d.message,
    title: d.code.slice(0, ANNOTATION_TITLE_LIMIT),
  }));
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.path, b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

/**
 * The `plan-sync` check run: failure with an annotation per diagnostic when any
 * plan has errors, success otherwise, with a summary of what the sync did or a
 * merge will do. Deterministic: same input, same output.
 */
export function renderCheckRun(input: CheckRunRenderInput): CheckRunOutput {
  const plans = [...input.plans].sort((a, b) => compareStrings(a.path, b.path));
  const counts = plans.map(countEffects);
  const errors = sum(counts, "errors");
  const warnings = sum(counts, "warnings");
  const annotations = diagnosticAnnotations(plans.flatMap((p) => p.diagnostics));
  const conclusion = errors > 0 ? "failure" : "success";

  const summary = truncateMarkdown(
    renderSummary(input, plans, counts),
    CHECK_SUMMARY_LIMIT,
    (omitted) =>
      `_Summary truncated (${omitted} more characters). Every diagnostic is still annotated on its line in "Files changed"._`,
  );
  return {
    name: CHECK_RUN_NAME,
    status: "completed",
    conclusion,
    title: renderTitle(input.mode, plans, counts, errors, warnings),
    summary,
    annotations,
  };
}

function renderTitle(
  mode: CheckRunRenderInput["mode"],
  plans: readonly PlanOutcome[],
  counts: readonly PlanCounts[],
  errors: number,
  warnings: number,
): string {
  if (errors > 0) {
    const broken = counts.filter((c) => c.errors > 0);
    const where = broken.length === 1 ? (broken[0] as PlanCounts).path : plural(broken.length, "plan");
    return `${plural(errors, "error")} in ${where}`;
  }
  const parts = changeParts(counts);
  const blocked = plans.some((p) => p.blocked !== null);
  let title: string;
  if (parts.length === 0) title = mode === "preview" ? "No issue changes on merge" : "Issues already in sync";
  else title = mode === "preview" ? `Merging will ${parts.join(", ")}` : capitalise(pastTense(parts).join(", "));
  if (blocked) title += "; closing held back";
  if (warnings > 0) title += ` (${plural(warnings, "warning")})`;
  return title;
}

function changeParts(counts: readonly PlanCounts[]): string[] {
  const parts: string[] = [];
  const create = sum(counts, "create");
  const update = sum(counts, "update");
  const close = sum(counts, "close");
  const reopen = sum(counts, "reopen");
  if (create) parts.push(`create ${plural(create, "issue")}`);
  if (update) parts.push(`update ${update}`);
  if (close) parts.push(`close ${close}`);
  if (reopen) parts.push(`reopen ${reopen}`);
  return parts;
}

function pastTense(parts: string[]): string[] {
  return parts.map((p) =>
    p
      .replace(/^create/, "created")
      .replace(/^update/, "updated")
      .replace(/^close/, "closed")
      .replace(/^reopen/, "reopened"),
  );
}

const TABLE_HEADER = "| Plan | Create | Update | Close | Reopen | Errors | Warnings |";

function renderSummary(
  input: CheckRunRenderInput,
  plans: readonly PlanOutcome[],
  counts: readonly PlanCounts[],
): string {
  if (plans.length === 0) return "No plan files to check.";
  const lines: string[] = [];
  lines.push(input.mode === "preview" ? "What merging will do, per plan:" : "What this sync did, per plan:", "");
  lines.push(TABLE_HEADER, "|---|---:|---:|---:|---:|---:|---:|");
  for (const c of counts)
    lines.push(
      `| ${code(c.path)} | ${c.create} | ${c.update} | ${c.close} | ${c.reopen} | ${c.errors} | ${c.warnings} |`,
    );

  plans.forEach((plan, index) => {
    const c = counts[index] as PlanCounts;
    lines.push("", `### ${code(plan.path)}`, "");
    const body = renderPlanDetails(input, plan, c);
    lines.push(
      ...(body.length ? body : [input.mode === "preview" ? "No issue changes on merge." : "Already in sync."]),
    );
  });
  return lines.join("\n");
}

function renderPlanDetails(input: CheckRunRenderInput, plan: PlanOutcome, c: PlanCounts): string[] {
  const lines: string[] = [];
  // Errors elsewhere (a refused route, annotated on the config) stop only their own tasks.
  const planErrors = plan.diagnostics.filter((d) => d.severity === "error" && d.path === plan.path).length;
  if (planErrors > 0) {
    lines.push(
      `**${plural(planErrors, "error")}**: plan-sync syncs nothing for this plan until ${planErrors === 1 ? "it is" : "they are"} fixed.`,
    );
  } else if (c.errors > 0) {
    lines.push(
      `**${plural(c.errors, "error")}** outside the plan: the tasks it concerns were not synced, the others were.`,
    );
  }
  const diagnostics = [...plan.diagnostics].sort(compareDiagnostics);
  for (const d of diagnostics.slice(0, LIST_LIMIT)) {
    lines.push(
      `- ${d.severity === "error" ? "Error" : "Warning"} at line ${d.line}: ${inline(d.message, 300)} (${code(d.code)})`,
    );
  }
  if (diagnostics.length > LIST_LIMIT)
    lines.push(`- … and ${diagnostics.length - LIST_LIMIT} more, annotated on their lines`);

  if (lines.length) lines.push("");
  const verbs =
    input.mode === "preview"
      ? { create: "To create", update: "To update", close: "To close", reopen: "To reopen" }
      : { create: "Created", update: "Updated", close: "Closed", reopen: "Reopened" };
  const createdNumbers = new Map(
    (input.created ?? []).filter((x) => x.path === plan.path).map((x) => [x.taskId, x.number]),
  );
  // Issues of a routed area live in another repository: their references name it.
  const whereOf = (a: SyncAction) => a.repo;
  const groups: Array<[string, string[]]> = [
    [
      verbs.create,
      plan.actions.flatMap((a) =>
        a.type === "create-issue"
          ? [
              withIssue(
                input,
                createdNumbers.get(a.taskId),
                // Once created, the issue's reference names its repository; before, the arrow does.
                `${code(a.taskId)} ${inline(a.title)}${a.repo && !createdNumbers.has(a.taskId) ? ` → ${code(a.repo)}` : ""}`,
                whereOf(a),
              ),
            ]
          : [],
      ),
    ],
    [
      verbs.update,
      plan.actions.flatMap((a) =>
        a.type === "update-issue" ? [withIssue(input, a.issueNumber, code(a.taskId), whereOf(a))] : [],
      ),
    ],
    [
      verbs.close,
      [
        ...createdClosed(plan.actions).map(
          (a) =>
            `${withIssue(input, createdNumbers.get(a.taskId), code(a.taskId), whereOf(a))} (completed: already done in the plan)`,
        ),
        ...plan.actions.flatMap((a) =>
          a.type === "close-issue"
            ? [
                `${withIssue(input, a.issueNumber, code(a.taskId), whereOf(a))} (${a.reason === "completed" ? "completed" : "not planned"})`,
              ]
            : [],
        ),
      ],
    ],
    [
      verbs.reopen,
      plan.actions.flatMap((a) =>
        a.type === "reopen-issue" ? [withIssue(input, a.issueNumber, code(a.taskId), whereOf(a))] : [],
      ),
    ],
  ];
  for (const [label, items] of groups) {
    if (items.length === 0) continue;
    const shown = items.slice(0, LIST_LIMIT).join(", ");
    lines.push(
      `- **${label}** (${items.length}): ${shown}${items.length > LIST_LIMIT ? `, … and ${items.length - LIST_LIMIT} more` : ""}`,
    );
  }
  if (plan.blocked !== null) lines.push("", `> **Closing held back.** ${inline(plan.blocked, 1000)}`);
  for (const note of plan.notes) lines.push(`- Note: ${inline(note, 1000)}`);
  return lines;
}

function withIssue(input: CheckRunRenderInput, issueNumber: number | undefined, label: string, repo?: string): string {
  if (issueNumber === undefined) return label;
  if (repo) {
    // repoUrl is `<server>/<owner>/<name>`: the routed repository is on the same server.
    const server = input.repoUrl?.replace(/\/[^/]+\/[^/]+\/?$/, "");
    return server
      ? `[${repo}#${issueNumber}](${server}/${repo}/issues/${issueNumber}) ${label}`
      : `${repo}#${issueNumber} ${label}`;
  }
  const ref = input.repoUrl ? `[#${issueNumber}](${input.repoUrl}/issues/${issueNumber})` : `#${issueNumber}`;
  return `${ref} ${label}`;
}

/** Reads the per-plan counts back from a summary this module rendered; [] for anything else. */
export function parseCheckRunSummary(summary: string): PlanCounts[] {
  const lines = summary.split("\n");
  const start = lines.indexOf(TABLE_HEADER);
  if (start < 0) return [];
  const result: PlanCounts[] = [];
  for (const line of lines.slice(start + 2)) {
    const match = /^\| (`+) ?(.*?) ?\1 \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/.exec(line);
    if (!match) break;
    const [create, update, close, reopen, errors, warnings] = match.slice(3).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    result.push({ path: (match[2] as string).replace(/\\\|/g, "|"), create, update, close, reopen, errors, warnings });
  }
  return result;
}

function sum(counts: readonly PlanCounts[], key: Exclude<keyof PlanCounts, "path">): number {
  return counts.reduce((total, c) => total + c[key], 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Code-unit order, not locale order: the output must not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
