import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Plan, Task } from "../plan/types.js";
import { hashTaskContent } from "./issue-hash.js";
import { keepInline } from "./issue-inline.js";
import { renderIssueLabels } from "./issue-labels.js";
import { renderIssueTitle } from "./issue-title.js";
import { renderMarker } from "./marker.js";

export interface RenderContext {
  owner: string;
  repo: string;
  /** The pushed commit: the plan link points at the plan as it was when the issue was written. */
  sha: string;
  /** Default https://github.com; GitHub Enterprise passes its own. */
  serverUrl?: string;
  /**
   * `owner/name` of the plan's repository, set when the issue is written into
   * another repository (a routed area): its marker must say which plan
   * repository it belongs to. `owner`/`repo` stay the plan's, for the links.
   */
  markerRepo?: string;
}

export interface RenderedIssue {
  title: string;
  body: string;
  labels: string[];
  /** Also in the body's marker; equal hashes mean the plan says nothing new about the task. */
  hash: string;
}

export interface RenderOptions {
  /**
   * Criteria people ticked on the issue (as parseIssueBody reads them). A
   * re-render keeps those ticks for criteria whose text did not change, so
   * editing a task in the plan does not throw away progress recorded on GitHub.
   */
  checkedCriteria?: ReadonlySet<string>;
}

export const CRITERIA_HEADING = "### Acceptance criteria";

export function renderIssue(
  task: Task,
  plan: Pick<Plan, "path">,
  ctx: RenderContext,
  config: PlanSyncConfig,
  options: RenderOptions = {},
): RenderedIssue {
  const title = renderIssueTitle(task, config.titleLength, plan.path);
  const labels = renderIssueLabels(task, config);
  const section = task.headingPath.join(" › ");
  const hash = hashTaskContent({
    title,
    description: task.description,
    acceptanceCriteria: task.acceptanceCriteria,
    effort: task.effort,
    section,
    extra: task.extra,
    labels,
  });

  const parts: string[] = [];
  const description = task.description.trim();
  parts.push(description === "" ? "_No description in the plan._" : keepInline(description));

  if (task.acceptanceCriteria.length > 0) {
    const checked = options.checkedCriteria ?? new Set<string>();
    const items = task.acceptanceCriteria.map((c) => `- [${checked.has(c) ? "x" : " "}] ${c}`);
    parts.push(CRITERIA_HEADING, items.join("\n"));
  }

  const details: string[] = [];
  if (task.effort.trim() !== "") details.push(`- **Effort:** ${task.effort.trim()}`);
  if (section !== "") details.push(`- **Section:** ${section}`);
  for (const [column, value] of Object.entries(task.extra)) {
    if (value.trim() !== "") details.push(`- **${column.trim()}:** ${value.trim()}`);
  }
  // Under its own heading: right after the criteria, a second `-` list would merge into the task list.
  if (details.length > 0) parts.push("### Details", details.join("\n"));

  parts.push(
    `---\n<sub>${task.id} in [\`${plan.path}\`](${planLineUrl(plan.path, task.line, ctx)}) · ` +
      "kept in sync by plan-sync: change the task in the plan, edits made here are replaced when the task changes.</sub>",
  );
  parts.push(
    renderMarker({ path: plan.path, task: task.id, hash, ...(ctx.markerRepo ? { repo: ctx.markerRepo } : {}) }),
  );

  return { title, body: `${parts.join("\n\n")}\n`, labels, hash };
}

export function planLineUrl(path: string, line: number, ctx: RenderContext): string {
  return `${repoUrl(ctx)}/blob/${ctx.sha}/${path.split("/").map(encodeURIComponent).join("/")}#L${line}`;
}

export function commitUrl(ctx: RenderContext): string {
  return `${repoUrl(ctx)}/commit/${ctx.sha}`;
}

function repoUrl(ctx: RenderContext): string {
  const server = (ctx.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  return `${server}/${ctx.owner}/${ctx.repo}`;
}
