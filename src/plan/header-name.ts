/**
 * What a task-table column means to plan-sync; anything else is an extra column.
 * `title` is a short name (Task, Title, Name…): when a table also has a
 * Description, the title is what the issue is named after and the description
 * goes to the issue body; alone, it is the description.
 */
export type ColumnRole = "id" | "title" | "description" | "criteria" | "effort" | "status" | "dependsOn";

interface ColumnSpec {
  /** The name used in messages (and in the seed template). */
  label: string;
  /** Header words that name this column, as normalizeHeader writes them. */
  names: readonly string[];
}

/**
 * Every header word plan-sync reads, by role. An optional column another
 * feature reads (say a `Depends on` column) gets its own role and entry here:
 * it is then matched, offered as a near miss and kept out of `extra` the same way.
 */
export const COLUMNS: Readonly<Record<ColumnRole, ColumnSpec>> = {
  id: {
    label: "Task ID",
    names: [
      "taskid",
      "task#",
      "taskno",
      "tasknumber",
      "taskkey",
      "id",
      "#",
      "key",
      "no",
      "ticket",
      "ticketid",
      "step#",
      "item#",
    ],
  },
  title: {
    label: "Title",
    names: ["task", "title", "name", "summary", "objective", "taskname", "tasktitle", "tasksummary"],
  },
  description: { label: "Description", names: ["description", "taskdescription", "details", "desc"] },
  criteria: {
    label: "Acceptance Criteria",
    names: [
      "acceptancecriteria",
      "ac",
      "criteria",
      "donewhen",
      "verification",
      "definitionofdone",
      "dod",
      "successcriteria",
    ],
  },
  effort: {
    label: "Effort",
    names: [
      "effort",
      "estimate",
      "est",
      "estimation",
      "points",
      "storypoints",
      "sp",
      "size",
      "hours",
      "estimatedhours",
    ],
  },
  status: { label: "Status", names: ["status", "state", "progress", "done", "complete", "completed"] },
  // Task IDs this task waits for: they become GitHub issue dependencies ("blocked by").
  dependsOn: {
    label: "Depends on",
    names: [
      "dependson",
      "dependsupon",
      "depends",
      "dependencies",
      "dependency",
      "deps",
      "blockedby",
      "prerequisites",
      "prereqs",
      "requires",
    ],
  },
};

/** Header words that name the ID column unmistakably: such a table is a task table even with nothing else to go on. */
const STRONG_ID_NAMES = new Set(["taskid", "task#", "taskno", "tasknumber", "taskkey"]);

const ROLE_BY_NAME = new Map<string, ColumnRole>();
for (const [role, spec] of Object.entries(COLUMNS) as Array<[ColumnRole, ColumnSpec]>)
  for (const name of spec.names) ROLE_BY_NAME.set(name, role);

/**
 * Header cells are matched ignoring case, spacing, emphasis, dots and a unit
 * in parentheses, so `Task ID`, `task id`, `**Task ID**`, `Est.` and
 * `Effort (h)` all name their column.
 */
export function normalizeHeader(cell: string): string {
  return cell
    .replace(/\s*\([^()]*\)\s*$/, "")
    .replace(/[\s*_`.:]+/g, "")
    .toLowerCase();
}

export function columnRole(cell: string): ColumnRole | null {
  return ROLE_BY_NAME.get(normalizeHeader(cell)) ?? null;
}

/** `Task ID` and its spellings (`Task #`, `TaskID`): the seed template's header, never a table of something else. */
export function isStrongIdHeader(cell: string): boolean {
  return STRONG_ID_NAMES.has(normalizeHeader(cell));
}

/**
 * The known header a cell was probably meant to be (`Acceptance Critera` →
 * Acceptance Criteria, `Desciption` → Description), or null. Short words need
 * an exact match: `Sze` is not worth a guess, `Estimat` is.
 */
export function nearMissHeader(cell: string): string | null {
  const name = normalizeHeader(cell);
  if (name.length < 5 || ROLE_BY_NAME.has(name)) return null;
  for (const spec of Object.values(COLUMNS)) {
    for (const known of spec.names) {
      if (known.length < 5) continue;
      const limit = known.length >= 10 ? 2 : 1;
      if (editDistance(name, known, limit) <= limit) return spec.label === "Title" ? capitalise(known) : spec.label;
    }
  }
  return null;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A header that was probably meant to be "Task ID" but is not read as one:
 * `Task-ID`, `TaskId#`, `Tsk ID`, `Taks ID`, `Task`, `Task #`. A near miss
 * of one letter, or any header starting with "task"; `Risk ID` or `Test ID`
 * (two letters off) name other things.
 */
export function resemblesTaskIdHeader(cell: string): boolean {
  const name = cell.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return name.startsWith("task") || editDistance(name, "taskid", 1) <= 1;
}

/**
 * Optimal string alignment distance, capped: anything above `limit` returns
 * limit + 1. A swapped pair of letters counts as one edit, as a typo does.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return Math.min((d[a.length] as number[])[b.length] ?? 0, limit + 1);
}
