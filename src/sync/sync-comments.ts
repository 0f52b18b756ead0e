import { commitUrl, type RenderContext } from "../render/issue-render.js";

/** `[abc1234](…/commit/abc1234…)`: the comment says which push did it. */
function commitLink(ctx: RenderContext): string {
  return `[${ctx.sha.slice(0, 7)}](${commitUrl(ctx)})`;
}

export function removedTaskComment(taskId: string, path: string, ctx: RenderContext): string {
  return (
    `${taskId} was removed from \`${path}\` in ${commitLink(ctx)}, so plan-sync closes this issue as not planned. ` +
    "Put the task back in the plan to reopen it."
  );
}

export function deletedPlanComment(path: string, ctx: RenderContext): string {
  return `The plan \`${path}\` was deleted in ${commitLink(ctx)}, so plan-sync closes this issue as not planned.`;
}

export function taskBackComment(taskId: string, path: string, ctx: RenderContext): string {
  return `${taskId} is back in \`${path}\` (${commitLink(ctx)}), so plan-sync reopens this issue.`;
}

export function untickedComment(taskId: string, path: string, ctx: RenderContext): string {
  return `${taskId} was unticked in \`${path}\` (${commitLink(ctx)}), so plan-sync reopens this issue.`;
}

/** The check run's note when the plan and the issue both changed since the last sync. */
export function conflictNote(
  taskId: string,
  issueNumber: number,
  winner: "plan" | "issue",
  done: boolean,
  path: string,
): string {
  const state = done ? "done" : "not done";
  return winner === "plan"
    ? `${taskId} changed both in \`${path}\` and on issue #${issueNumber} since the last sync; the plan's change is the more recent, so the issue follows it (${state}).`
    : `${taskId} changed both in \`${path}\` and on issue #${issueNumber} since the last sync; the issue's change is the more recent, so the plan follows it (${state}).`;
}

/** The check run's note when the plan follows an issue closed or reopened on GitHub since the last sync. */
export function healNote(taskId: string, issueNumber: number, done: boolean, path: string): string {
  return done
    ? `#${issueNumber} was closed on GitHub since the last sync, so ${taskId} is ticked in \`${path}\` to match.`
    : `#${issueNumber} was reopened on GitHub since the last sync, so ${taskId} is unticked in \`${path}\` to match.`;
}
