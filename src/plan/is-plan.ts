import { columnRole, isStrongIdHeader } from "./header-name.js";
import { mayHoldIdlessTasks } from "./read-idless-checklist.js";

// A task-list item opening with an ID: `- [ ] T001 …`, `- [x] 1.1 …`, `- [x] **INIT-001**: …`, `- [-] 2. …`, `- [ ]* 4. …`.
// A superset of what the parser takes (it wants a digit in a letter ID, a dot in or after a number).
const CHECKLIST_TASK =
  /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX~/-]\]\*?[ \t]+(?:(?:task|step|item|story)[ \t]+)?(?:\*\*|__|`|\[)*([A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*|\d)/gim;

/**
 * Cheap check used to pick plans out of a push: does the file hold a task
 * table header (a `Task ID` column, or an ID column such as `ID`/`#`/`Key`
 * next to a Task/Title/Description column) or a checklist item opening with
 * an ID? A header without its `|---|` line still counts, so a plan with a
 * broken table is parsed and its errors shown rather than the file being
 * passed over. `path` lets a checklist without IDs count in a file named
 * like a plan (`TODO.md`) even without a heading saying so, as the parser
 * reads it, and keeps a README's checklist out: it is required, so `check`,
 * `sync` and the App (push, pull request, full resync) decide alike for one
 * file. It may say yes to a file the parser finds no tasks in (that file then
 * has nothing to sync), never no to a file the parser reads tasks from.
 */
export function looksLikePlan(raw: string, path: string): boolean {
  // UTF-16 saved without a byte-order mark reads as ASCII with a NUL between
  // letters: still a plan, so the parse can say it is not UTF-8 rather than the file being passed over.
  const text = raw.includes("\u0000") ? raw.replaceAll("\u0000", "") : raw;
  if (hasChecklistTask(text) || HEADING_TASK.test(text)) return true;
  if (ANY_CHECKBOX.test(text) && mayHoldIdlessTasks(text, path)) return true;
  if (!text.includes("|")) return false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.includes("|")) continue;
    const cells = line.split(/(?<!\\)\|/);
    const roles = cells.map((cell) => columnRole(cell));
    // A task table without an ID column: a name and a Status column (its IDs are made from the names).
    if (roles.includes("status") && (roles.includes("title") || roles.includes("description"))) return true;
    if (!roles.includes("id")) continue;
    if (cells.some((cell) => isStrongIdHeader(cell))) return true;
    if (roles.includes("title") || roles.includes("description")) return true;
  }
  return false;
}

// Any task-list item: a checklist without IDs is a plan in a file named like one or under a heading such as "Tasks".
const ANY_CHECKBOX = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX~/-]\]/m;
// A heading opening with `Task 3`, a letter ID with a digit (`T-3`, `INIT-001`) or a number, after an optional state.
const HEADING_TASK =
  /^#{2,6}[ \t]+(?:\S{1,2}[ \t]+|\[[ xX]\][ \t]+)?(?:task[ \t]+\d|[*_`[]*[A-Za-z][A-Za-z0-9._-]*\d|\d)/im;

function hasChecklistTask(text: string): boolean {
  CHECKLIST_TASK.lastIndex = 0;
  for (let m = CHECKLIST_TASK.exec(text); m; m = CHECKLIST_TASK.exec(text)) if (/\d/.test(m[1] ?? "")) return true;
  return false;
}
