import type { Plan } from "../plan/types.js";

/**
 * The tracking issue of a plan: one issue in the plan's repository whose
 * sub-issues are the plan's task issues. Its own marker (a different tag
 * from the task marker) keeps it out of every task reconciliation.
 */
const TRACKING_PATTERN = /<!-- plan-sync:tracking:v1 (\{[^\r\n]*?\}) -->/;

export function renderTrackingMarker(path: string): string {
  const json = JSON.stringify({ path }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- plan-sync:tracking:v1 ${json} -->`;
}

/** The plan path a tracking issue stands for; null for any other body. */
export function parseTrackingMarker(body: string): string | null {
  const match = TRACKING_PATTERN.exec(body);
  if (!match) return null;
  try {
    const value = JSON.parse(match[1] ?? "") as { path?: unknown };
    return typeof value.path === "string" && value.path !== "" ? value.path : null;
  } catch {
    return null;
  }
}

export interface TrackingRender {
  title: string;
  body: string;
  /** Every task is ticked (and there is at least one). */
  done: boolean;
}

/**
 * Title from the plan's feature name (the file name when it has none); the
 * body a short summary: progress per area with the repository its issues
 * are in, and a link to the plan. Deterministic, so an unchanged plan gives
 * an unchanged body and the sync writes nothing.
 */
export function renderTrackingIssue(
  plan: Pick<Plan, "path" | "featureName" | "tasks">,
  opts: { planUrl: string; repoOfArea: (area: string) => string; titleLength: number },
): TrackingRender {
  const name = plan.featureName?.trim() || (plan.path.split("/").pop() ?? plan.path);
  const full = `${name} (plan)`;
  const title = full.length > opts.titleLength ? `${full.slice(0, opts.titleLength - 1)}…` : full;
  const areas = new Map<string, { done: number; total: number }>();
  for (const task of plan.tasks) {
    const a = areas.get(task.area) ?? { done: 0, total: 0 };
    a.total += 1;
    if (task.done) a.done += 1;
    areas.set(task.area, a);
  }
  const done = plan.tasks.length > 0 && plan.tasks.every((t) => t.done);
  const total = plan.tasks.filter((t) => t.done).length;
  const lines = [
    `Tracks [\`${plan.path}\`](${opts.planUrl}): ${total} of ${plan.tasks.length} task${plan.tasks.length === 1 ? "" : "s"} done. Its task issues are the sub-issues below.`,
    "",
    "| Area | Repository | Done |",
    "|---|---|---:|",
    ...[...areas].map(([area, a]) => `| ${area} | ${opts.repoOfArea(area)} | ${a.done} of ${a.total} |`),
    "",
    "<sub>Kept in sync by plan-sync from the plan: edits made here are replaced.</sub>",
    "",
    renderTrackingMarker(plan.path),
  ];
  return { title, body: `${lines.join("\n")}\n`, done };
}
