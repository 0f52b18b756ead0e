import type { Table } from "mdast";
import type { ParseContext } from "./parse-context.js";
import { columnRole, resemblesTaskIdHeader } from "./header-name.js";
import { cellContent } from "./table-cells.js";
import { parseIdCell } from "./id-cell.js";
import { unescapePipes } from "./cell-text.js";
import { idPrefix } from "./task-id.js";
import { isLogTable } from "./read-task-table.js";

/**
 * Reports tables that hold task rows under a header without a "Task ID"
 * column (`Task-ID`, `Tsk ID`, `Task`): the parser reads them as other
 * tables, so their tasks would silently count as removed. Plans also hold
 * tables whose first column has ID-like values that are not tasks (risks R1,
 * milestones M1, an `E2E` test scenario), and an error there would block every
 * sync, so a table is only reported when a column of IDs with a digit has
 * further evidence of being the task column: its header is a near miss of
 * "Task ID"; or, for the first column, the table has an Acceptance Criteria or
 * Effort column, an ID links to its issue the way plan-sync writes it, or an
 * ID shares its prefix with the plan's tasks (`knownPrefixes`, as written:
 * IDs are case-sensitive, and `Gain2Api` is a component, not a GAIN task).
 * Called after the walk, when every task (and so every prefix) is known.
 */
export function findMissingIdColumns(
  ctx: ParseContext,
  tables: readonly Table[],
  knownPrefixes: ReadonlySet<string>,
): void {
  for (const table of tables) {
    const [header, ...rows] = table.children;
    if (!header || rows.length === 0) continue;
    const names = header.children.map((cell) => unescapePipes(ctx.text.slice(...cellContent(ctx.text, cell))));
    // A log of work on tasks (`Date | Task ID | Action`) names IDs on purpose and is not a task table.
    if (isLogTable(ctx, table)) continue;
    const taskColumns = names.some((n) => {
      const role = columnRole(n);
      return role === "criteria" || role === "effort";
    });
    for (let col = 0; col < names.length; col++) {
      const ids = idsInColumn(ctx, rows, col);
      if (ids.ids.length === 0) continue;
      const name = names[col] ?? "";
      const evidence =
        resemblesTaskIdHeader(name) ||
        (col === 0 && (taskColumns || ids.linked || ids.ids.some((id) => knownPrefixes.has(idPrefix(id)))));
      if (!evidence) continue;
      const cell = header.children[col];
      const listed = ids.ids.slice(0, 3).join(", ") + (ids.ids.length > 3 ? ", …" : "");
      ctx.report(
        cell ? cellContent(ctx.text, cell)[0] : (header.position?.start.offset ?? 0),
        "error",
        "missing-task-id-column",
        `This table's column "${name}" holds task IDs (${listed}) but its header is not "Task ID", so the table is not read as a task table and its tasks would count as removed. Rename the header cell "${name}" to "Task ID".`,
      );
      break;
    }
  }
}

function idsInColumn(ctx: ParseContext, rows: Table["children"], col: number): { ids: string[]; linked: boolean } {
  const ids: string[] = [];
  let linked = false;
  for (const row of rows) {
    const cell = row.children[col];
    if (!cell) continue;
    const [s, e] = cellContent(ctx.text, cell);
    const id = parseIdCell(ctx.text, s, e);
    if (!id || !/\d/.test(id.id)) continue;
    ids.push(id.id);
    if (id.issueLink) linked = true;
  }
  return { ids, linked };
}
