import { PatchVerificationError } from "./patch-errors.js";
import type { Diagnostic, Plan } from "./types.js";

/** What the patched plan must read back as. */
export interface PatchIntent {
  /** Every task's done state after the patch, by ID. */
  taskDone: ReadonlyMap<string, boolean>;
  /** Every checklist item's checked state after the patch, in document order. */
  checklistChecked: readonly boolean[];
  /** Links the patch wrote, by task ID. */
  links: ReadonlyMap<string, { number: number; url: string }>;
}

/**
 * Re-parsing the spliced text is the only proof that the splice did what was
 * meant: offsets off by one (a BOM, a surrogate pair) would otherwise corrupt
 * a user's file silently. Any disagreement throws; nothing half-right is returned.
 */
export function verifyPatchedPlan(before: Plan, after: Plan, intent: PatchIntent): void {
  const problems: string[] = [];

  const idsBefore = before.tasks.map((t) => t.id).join(", ");
  const idsAfter = after.tasks.map((t) => t.id).join(", ");
  if (idsBefore !== idsAfter) problems.push(`task IDs changed: before [${idsBefore}], after [${idsAfter}]`);

  const linksBefore = new Map(before.tasks.map((t) => [t.id, t.issueLink]));
  for (const task of after.tasks) {
    const wanted = intent.taskDone.get(task.id);
    if (wanted !== undefined && task.done !== wanted) {
      problems.push(
        `${task.id} reads back as ${task.done ? "done" : "not done"}, expected ${wanted ? "done" : "not done"}`,
      );
    }
    const link = intent.links.get(task.id);
    const previous = linksBefore.get(task.id) ?? null;
    const expected = link ?? (previous ? { number: previous.number, url: previous.url } : null);
    const actual = task.issueLink ? { number: task.issueLink.number, url: task.issueLink.url } : null;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${task.id} links to ${describeLink(actual)}, expected ${describeLink(expected)}`);
    }
  }

  if (after.checklists.length !== before.checklists.length) {
    problems.push(`checklist items: ${before.checklists.length} before, ${after.checklists.length} after`);
  } else {
    after.checklists.forEach((item, index) => {
      const wanted = intent.checklistChecked[index];
      if (item.checked !== wanted) {
        problems.push(
          `checklist item on line ${item.line} reads back as ${item.checked ? "checked" : "unchecked"}, expected ${wanted ? "checked" : "unchecked"}`,
        );
      }
    });
  }

  for (const diagnostic of newDiagnostics(before.diagnostics, after.diagnostics)) {
    problems.push(`new ${diagnostic.severity} on line ${diagnostic.line}: ${diagnostic.message} (${diagnostic.code})`);
  }

  if (problems.length > 0) throw new PatchVerificationError(before.path, problems);
}

function describeLink(link: { number: number; url: string } | null): string {
  return link ? `#${link.number} (${link.url})` : "no issue";
}

/** Columns shift when a link is inserted, lines never do: compare by line and rule. */
function newDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.severity}\u0000${d.code}\u0000${d.line}`;
  const remaining = new Map<string, number>();
  for (const d of before) remaining.set(key(d), (remaining.get(key(d)) ?? 0) + 1);
  const added: Diagnostic[] = [];
  for (const d of after) {
    const count = remaining.get(key(d)) ?? 0;
    if (count > 0) remaining.set(key(d), count - 1);
    else added.push(d);
  }
  // A warning given once for many places (`unknown-status`: once per table or plan, at the first unknown word)
  // moves to the next place when write-back replaces the first: the same warning, one for one, not a new one.
  const moved = new Map<string, number>();
  for (const d of before) {
    const left = remaining.get(key(d)) ?? 0;
    if (d.severity !== "warning" || left === 0) continue;
    remaining.set(key(d), left - 1);
    moved.set(d.code, (moved.get(d.code) ?? 0) + 1);
  }
  return added.filter((d) => {
    const n = d.severity === "warning" ? (moved.get(d.code) ?? 0) : 0;
    if (n > 0) moved.set(d.code, n - 1);
    return n === 0;
  });
}
