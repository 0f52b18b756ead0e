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
