/** What a task-table column means to plan-sync; anything else is an extra column. */
export type ColumnRole = "id" | "description" | "criteria" | "effort" | "status";

const ROLES: Record<string, ColumnRole> = {
  taskid: "id",
  description: "description",
  acceptancecriteria: "criteria",
  effort: "effort",
  status: "status",
};

/**
 * Header cells are matched ignoring case, spacing and emphasis, so `Task ID`,
 * `task id`, `TaskID`, `Task  ID` and `**Task ID**` all name the ID column.
 */
export function normalizeHeader(cell: string): string {
  return cell.replace(/[\s*_`]+/g, "").toLowerCase();
}

export function columnRole(cell: string): ColumnRole | null {
  return ROLES[normalizeHeader(cell)] ?? null;
}

/**
 * A header that was probably meant to be "Task ID" but is not read as one:
 * `Task-ID`, `TaskId#`, `Tsk ID`, `Taks ID`, `Task`, `Task #`. A near miss
 * of one letter, or any header starting with "task"; `Risk ID` or `Test ID`
 * (two letters off) name other things.
 */
export function resemblesTaskIdHeader(cell: string): boolean {
  const name = cell.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return name.startsWith("task") || editDistance(name, "taskid") <= 1;
}

/** Optimal string alignment distance: a swapped pair of letters counts as one edit, as a typo does. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
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
  return (d[a.length] as number[])[b.length] ?? 0;
}
