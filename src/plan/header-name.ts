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
