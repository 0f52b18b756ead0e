import { parsePlan } from "./parse-plan.js";
import { InvalidIssueLinkError, PlanHasErrorsError, UnknownTaskError } from "./patch-errors.js";
import { spliceEdits, type TextEdit } from "./patch-splice.js";
import { verifyPatchedPlan, type PatchIntent } from "./patch-verify.js";
import { hasErrors, type Plan, type Span, type Task } from "./types.js";

export {
  InvalidIssueLinkError,
  PatchError,
  PatchVerificationError,
  PlanHasErrorsError,
  UnknownTaskError,
} from "./patch-errors.js";

export interface TaskPatch {
  /** Tick (true) or untick (false) the task. */
  done?: boolean;
  /** Link the task to its issue, written after the ID as ` ([#12](url))`. */
  issue?: { number: number; url: string };
}

export interface PatchOptions {
  /** Passed through to the parser, so the patch reads the plan exactly as the sync does. */
  areas?: Record<string, string>;
  /**
   * `parsePlan(text, path, { areas })` when the caller has it already: saves one
   * of the two parses on a big plan. The result is still verified by a fresh parse.
   */
  parsed?: Plan;
  /**
   * What to write into a Status cell that speaks in words (`✅ Done`, `Pending`)
   * instead of the table's own done/open words (`.github/plan-sync.yml` `statusWords`).
   */
  statusWords?: { done?: string; open?: string };
}

/**
 * Applies task state and issue links to a plan's text, changing only the bytes
 * that must change (a checkbox character, an inserted checkbox, a link) and
 * leaving line endings, spacing, alignment and everything else byte-identical.
 * Returns the same string instance when nothing needs to change, so callers can
 * skip the write with `===`.
 *
 * A task-list item that tracks patched tasks (`- [ ] DATA1: …`) is ticked iff
 * every task it tracks is done afterwards; only patches that set `done` touch
 * such items, so writing a link never overrides a hand-ticked checklist.
 *
 * Throws PlanHasErrorsError, UnknownTaskError, InvalidIssueLinkError, or
 * PatchVerificationError when the result does not read back as intended.
 */
export function patchPlan(
  text: string,
  path: string,
  patches: ReadonlyMap<string, TaskPatch>,
  options: PatchOptions = {},
): string {
  const plan = options.parsed ?? parsePlan(text, path, { areas: options.areas });
  const errorCount = plan.diagnostics.filter((d) => d.severity === "error").length;
  if (hasErrors(plan)) throw new PlanHasErrorsError(path, errorCount);

  const tasksById = new Map(plan.tasks.map((t) => [t.id, t]));
  for (const [id, patch] of patches) {
    if (!tasksById.has(id)) throw new UnknownTaskError(path, id);
    if (patch.issue) assertLinkable(id, patch.issue);
  }

  const intent = planIntent(plan, patches);
  const edits: TextEdit[] = [];
  for (const [id, patch] of patches) {
    const task = tasksById.get(id) as Task;
    if (patch.done !== undefined) edits.push(...stateEdits(text, task, patch.done, options.statusWords));
    if (patch.issue) edits.push(...linkEdits(task, patch.issue));
  }
  plan.checklists.forEach((item, index) => {
    const wanted = intent.checklistChecked[index] as boolean;
    if (wanted !== item.checked) edits.push(checkboxCharEdit(item.checkbox, wanted));
  });

  if (edits.length === 0) return text;
  const patched = spliceEdits(text, edits);
  verifyPatchedPlan(plan, parsePlan(patched, path, { areas: options.areas }), intent);
  return patched;
}

function planIntent(plan: Plan, patches: ReadonlyMap<string, TaskPatch>): PatchIntent {
  const taskDone = new Map(plan.tasks.map((t) => [t.id, patches.get(t.id)?.done ?? t.done]));
  const stateChanged = new Set([...patches].filter(([, p]) => p.done !== undefined).map(([id]) => id));
  const checklistChecked = plan.checklists.map((item) =>
    item.tracks.some((id) => stateChanged.has(id))
      ? item.tracks.every((id) => taskDone.get(id) === true)
      : item.checked,
  );
  const links = new Map<string, { number: number; url: string }>();
  for (const [id, patch] of patches) if (patch.issue) links.set(id, patch.issue);
  return { taskDone, checklistChecked, links };
}

function stateEdits(text: string, task: Task, done: boolean, configured: PatchOptions["statusWords"] = {}): TextEdit[] {
  if (task.checkbox) {
    const current = text.charAt(task.checkbox.start + 1);
    const isTicked = current === "x" || current === "X";
    return isTicked === done ? [] : [checkboxCharEdit(task.checkbox, done)];
  }
  if (task.stateWords) {
    // The table writes state in words: the whole cell becomes its done (or open) word, the rest of the row stays.
    if (task.done === done) return [];
    // The configured words are for Status cells and a heading's Status line (below the heading: its stateCell
    // starts after the heading's row). A checklist's `[-]` box always becomes a checkbox, and an emoji before a
    // heading's ID stays an emoji: neither takes a configured word.
    const statusLine = task.source === "heading" && task.stateCell.start >= task.row.end;
    const own = task.source === "checklist" || (task.source === "heading" && !statusLine) ? {} : configured;
    const word = (done ? own.done : own.open) ?? (done ? task.stateWords.done : task.stateWords.open);
    return [{ start: task.stateCell.start, end: task.stateCell.end, text: word }];
  }
  // No checkbox yet: add one only when the state actually changes, so an
  // untick of a never-ticked row leaves the user's file alone.
  if (task.done === done) return [];
  const box = done ? "[x]" : "[ ]";
  const emptyCell = task.stateCell.start === task.stateCell.end;
  return [{ start: task.stateCell.start, end: task.stateCell.start, text: emptyCell ? box : `${box} ` }];
}

function linkEdits(task: Task, issue: { number: number; url: string }): TextEdit[] {
  const link = `([#${issue.number}](${issue.url}))`;
  const existing = task.issueLink;
  const at = task.linkAt ?? task.idSpan.end;
  if (!existing) return [{ start: at, end: at, text: ` ${link}` }];
  if (existing.number === issue.number && existing.url === issue.url) return [];
  return [{ start: existing.span.start, end: existing.span.end, text: link }];
}

/** Only the character between the brackets changes: `[ ]` ↔ `[x]`. */
function checkboxCharEdit(checkbox: Span, checked: boolean): TextEdit {
  return { start: checkbox.start + 1, end: checkbox.start + 2, text: checked ? "x" : " " };
}

/** A URL with these characters would end the link, the cell, or the row early. */
function assertLinkable(taskId: string, issue: { number: number; url: string }): void {
  const url = issue.url;
  if (!Number.isSafeInteger(issue.number) || issue.number < 1 || !/^https?:\/\/[^\s()[\]<>|\\]+$/.test(url)) {
    throw new InvalidIssueLinkError(taskId, issue.number, url);
  }
}
