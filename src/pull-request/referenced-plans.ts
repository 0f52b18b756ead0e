import type { Gateway, IssueRecord } from "../github/gateway.js";
import { looksLikePlan } from "../plan/is-plan.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import type { Plan } from "../plan/types.js";
import type { PrPlanSection, TaskReference } from "../render/pr-comment.js";
import { progressByArea } from "../render/progress.js";
import type { FoundReference } from "./task-references.js";

/**
 * Sections for plans the PR does not change but whose tasks it works on: the
 * plan's progress on the base branch, and with the tasks this PR closes done.
 * The plan is read at the base so the numbers are the ones merging changes.
 */
export async function referencedPlanSections(
  gateway: Pick<Gateway, "getFile">,
  baseSha: string,
  references: readonly FoundReference[],
  issues: readonly IssueRecord[],
): Promise<PrPlanSection[]> {
  const byPath = new Map<string, FoundReference[]>();
  for (const ref of references) byPath.set(ref.path, [...(byPath.get(ref.path) ?? []), ref]);
  const issueByNumber = new Map(issues.map((i) => [i.number, i]));

  const sections: PrPlanSection[] = [];
  for (const [path, refs] of [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = await gateway.getFile(path, baseSha);
    const plan = file && looksLikePlan(file.text, path) ? await parsePlanBudgeted(file.text, path) : null;
    sections.push(referencedSection(path, plan, refs, issueByNumber));
  }
  return sections;
}

export function referencedSection(
  path: string,
  plan: Plan | null,
  refs: readonly FoundReference[],
  issueByNumber: ReadonlyMap<number, IssueRecord>,
): PrPlanSection {
  const tasks = new Map((plan?.tasks ?? []).map((t) => [t.id, t]));
  const references: TaskReference[] = refs.map((ref) => {
    const issue = issueByNumber.get(ref.issueNumber);
    const task = tasks.get(ref.taskId);
    const issueDone = issue?.state === "closed" && issue.stateReason === "completed";
    return {
      taskId: ref.taskId,
      issueNumber: ref.issueNumber,
      title: issue?.title ?? ref.taskId,
      closes: ref.closes,
      done: task?.done ?? issueDone,
    };
  });
  const completing = new Set(references.filter((r) => r.closes && !r.done).map((r) => r.taskId));
  const after = (plan?.tasks ?? []).map((t) => ({ area: t.area, done: t.done || completing.has(t.id) }));
  return {
    path,
    change: "referenced",
    featureName: plan?.featureName ?? null,
    diagnostics: [],
    actions: [],
    blocked: null,
    notes: plan ? [] : [`${path} is not on the base branch, so its progress is not shown.`],
    references,
    progress: progressByArea(after),
    ...(plan ? { progressBefore: progressByArea(plan.tasks) } : {}),
  };
}
