import type { ParseContext } from "./parse-context.js";
import type { RawChecklistItem } from "./read-checklist-item.js";
import { checklistTask } from "./read-checklist-task.js";
import type { Task } from "./types.js";

/**
 * A plan that is a checklist without IDs — a `TODO.md`, an
 * `IMPLEMENTATION_PLAN.md` with `## Tasks` and `- [ ] Set up the database` —
 * has tasks all the same: each top-level checklist item, its IDs made from its
 * words (derived-id.ts). Only when nothing else in the file is a task (no task
 * table, no item or heading with an ID: then unnumbered items stay checklist
 * items, as in the seed template), only under a heading that says work
 * ("Tasks", "Phase 2", "Roadmap", "TODO"…) or in a file named like a plan,
 * never under a heading that says otherwise ("Features", "Acceptance
 * criteria", "Prerequisites"…) and never in a README or changelog: a README's
 * feature checklist is not a backlog.
 */
const TASKISH =
  /\b(tasks?|todos?|to-?dos?|backlog|work ?items?|implementation|plan|phases?|milestones?|sprints?|steps?|roadmap|deliverables?|action items?|progress|tracker|tracking|next|upcoming|in progress|done|completed?|stages?|iterations?|week \d+|checklist|pending|remaining|open items)\b/i;
const NOT_TASKS =
  /\b(features?|contents|toc|contributing|contribute|before you|acceptance criteria|definition of done|dod|prerequisites?|requirements?|success criteria|criteria|goals?|non-goals|out of scope|references?|resources|links|notes?|questions?|risks?|assumptions?|dependencies|known issues|faq|changelog|license|credits|acknowledge?ments?|installation|install|usage|examples?|verification|validation|review|pull request|pr checklist|legend|glossary|summary|overview|highlights|supports?|compatibility|browser support|platforms?)\b/i;
const NOT_PLAN_FILE =
  /(^|\/)(readme|changelog|changes|history|news|contributing|code_of_conduct|security|license|authors|pull_request_template|issue_template)[^/]*$/i;
const PLAN_FILE = /(plan|todo|tasks?|roadmap|backlog|checklist|milestones?|progress)[^/]*$/i;

/**
 * Whether a file may hold a checklist without IDs that reads as tasks: a
 * heading that says work, or (when the path is known) a file named like a
 * plan. looksLikePlan's test; a superset of what readIdlessChecklist reads.
 */
export function mayHoldIdlessTasks(text: string, path?: string): boolean {
  if (path !== undefined && NOT_PLAN_FILE.test(path)) return false;
  if (path !== undefined && PLAN_FILE.test(path)) return true;
  for (const m of text.matchAll(/^[ \t]{0,3}#{1,6}[ \t]+(.*)$/gm)) if (TASKISH.test(m[1] ?? "")) return true;
  return false;
}

export function readIdlessChecklist(
  ctx: ParseContext,
  items: readonly RawChecklistItem[],
  path: string,
  title: string | undefined,
): { tasks: Task[]; items: RawChecklistItem[] } {
  if (NOT_PLAN_FILE.test(path)) return { tasks: [], items: [] };
  const planFile = PLAN_FILE.test(path) || (title !== undefined && TASKISH.test(title) && !NOT_TASKS.test(title));
  const chosen = items.filter((item) => {
    if (item.nested || item.text === "") return false;
    const nearest = item.headingPath.at(-1);
    if (nearest !== undefined && NOT_TASKS.test(nearest) && !/\btasks?\b/i.test(nearest)) return false;
    return planFile || item.headingPath.some((h) => TASKISH.test(h) && !NOT_TASKS.test(h));
  });
  for (const item of chosen) ctx.taskItemStarts.add(item.node.position?.start.offset ?? -1);
  const tasks = chosen.map((item) => {
    // The issue link goes right after the box: `- [x] ([#12](url)) Set up the database`.
    let at = item.checkbox[1];
    if (ctx.text.charAt(at) === "*") at++;
    const rest = ctx.text.slice(at, item.firstLineEnd);
    const link = /^[ \t]+\(\[#([1-9]\d*)\]\(([^()\s]+)\)\)/.exec(rest);
    let textStart = at + (link ? link[0].length : 0);
    while (textStart < item.firstLineEnd && /[ \t]/.test(ctx.text.charAt(textStart))) textStart++;
    const linkStart = link ? at + link[0].indexOf("(") : 0;
    const description = ctx.text.slice(textStart, item.firstLineEnd).trim();
    const task = checklistTask(ctx, {
      item,
      id: ctx.derivedIds.next(description),
      idSpan: [at, at],
      linkAt: at,
      issueLink:
        link?.[1] && link[2] ? { number: Number(link[1]), url: link[2], span: [linkStart, at + link[0].length] } : null,
      textStart,
      marked: true,
      shape: "",
    });
    return { ...task, area: "", idFrom: "derived" as const };
  });
  return { tasks, items: chosen };
}
