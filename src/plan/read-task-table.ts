import type { Table, TableRow } from "mdast";
import type { Task } from "./types.js";
import type { ParseContext } from "./parse-context.js";
import { columnRole, type ColumnRole } from "./header-name.js";
import { cellContent } from "./table-cells.js";
import { parseIdCell, parseStateCheckbox } from "./id-cell.js";
import { isPlaceholder } from "./placeholder.js";
import { splitCriteria } from "./split-criteria.js";
import { areaOf, isTaskId } from "./task-id.js";
import { unescapePipes } from "./cell-text.js";

interface Columns {
  roles: Partial<Record<ColumnRole, number>>;
  /** Header text of every column that is not a known role (or repeats one). */
  extra: Map<number, string>;
  /** Cells a row needs to reach every known column. */
  required: number;
}

function readHeader(ctx: ParseContext, header: TableRow): Columns {
  const roles: Partial<Record<ColumnRole, number>> = {};
  const extra = new Map<number, string>();
  header.children.forEach((cell, i) => {
    const [s, e] = cellContent(ctx.text, cell);
    const name = ctx.text.slice(s, e);
    const role = columnRole(name);
    if (role && roles[role] === undefined) roles[role] = i;
    else extra.set(i, unescapePipes(name));
  });
  const required = Math.max(...Object.values(roles)) + 1;
  return { roles, extra, required };
}

/** True when the table's header names a Task ID column: only such tables hold tasks. */
export function isTaskTable(ctx: ParseContext, table: Table): boolean {
  const header = table.children[0];
  return (
    !!header &&
    header.children.some((cell) => {
      const [s, e] = cellContent(ctx.text, cell);
      return columnRole(ctx.text.slice(s, e)) === "id";
    })
  );
}

/**
 * Reads the rows of one task table into tasks. `seen` (ID → line of first
 * use) spans the whole plan so a duplicate in another table is caught too.
 */
export function readTaskTable(
  ctx: ParseContext,
  table: Table,
  headingPath: string[],
  seen: Map<string, number>,
): Task[] {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const cols = readHeader(ctx, header);
  const headerStart = header.position?.start.offset ?? 0;
  if (cols.roles.description === undefined) {
    const names = header.children.map((c) => ctx.text.slice(...cellContent(ctx.text, c))).join(", ");
    ctx.report(
      headerStart,
      "error",
      "missing-description-column",
      `Task table has no Description column (its columns: ${names}). Every task needs a description: it becomes the issue title.`,
    );
  }
  const tasks: Task[] = [];
  for (const row of rows) {
    const task = readRow(ctx, row, cols, header.children.length, headingPath, seen);
    if (task) tasks.push(task);
  }
  return tasks;
}

function readRow(
  ctx: ParseContext,
  row: TableRow,
  cols: Columns,
  headerCells: number,
  headingPath: string[],
  seen: Map<string, number>,
): Task | null {
  const text = ctx.text;
  const rowStart = row.position?.start.offset ?? 0;
  const rowEnd = row.position?.end.offset ?? rowStart;
  const line = row.position?.start.line ?? ctx.lines.position(rowStart).line;
  const cells = row.children.map((c) => cellContent(text, c));
  const count = cells.length;

  // GFM reads a line directly under a table as one more row, which surprises authors.
  const lazyLine =
    text.charAt(rowStart) !== "|"
      ? " A line directly under a table is read as one of its rows: leave a blank line between a table and the text after it."
      : "";
  if (count < cols.required) {
    ctx.report(
      rowStart,
      "error",
      "cell-count",
      `Row has ${count} cell${count === 1 ? "" : "s"} but the table header has ${headerCells}, so ${missingColumns(cols, count)} missing. The row is not read; add the missing cells (an empty cell is \`|  |\`).${lazyLine}`,
    );
    return null;
  }
  if (count !== headerCells) {
    ctx.report(
      rowStart,
      "warning",
      "cell-count",
      count > headerCells
        ? `Row has ${count} cells but the table header has ${headerCells}; the extra cells are ignored. A "|" inside a cell must be written as "\\|".`
        : `Row has ${count} cells but the table header has ${headerCells}; the missing cells are read as empty.`,
    );
  }

  const cellAt = (i: number | undefined): [number, number] | null => (i === undefined ? null : (cells[i] ?? null));
  const source = (r: [number, number] | null): string => (r ? text.slice(r[0], r[1]) : "");
  const idRange = cellAt(cols.roles.id);
  if (!idRange) return null;
  const descRange = cellAt(cols.roles.description);

  for (const r of [idRange, descRange]) {
    if (r && isPlaceholder(source(r))) {
      // A row that already links to its issue was synced before: skipping it
      // would read as a removed task and close that issue, so it blocks the sync.
      const linked = r === descRange ? parseIdCell(text, idRange[0], idRange[1]) : null;
      if (linked?.issueLink) {
        ctx.report(
          r[0],
          "error",
          "placeholder-row",
          `Task ${linked.id} is linked to issue #${linked.issueLink.number} but its Description is template text ("${source(r)}"). Write the description back, or delete the row to close the issue as not planned.`,
        );
        return null;
      }
      ctx.report(
        r[0],
        "warning",
        "placeholder-row",
        `Row ${r === idRange ? "" : `${source(idRange)} `}is still template text ("${source(r)}") and is skipped; fill it in or delete the row.`,
      );
      return null;
    }
  }

  const idCell = parseIdCell(text, idRange[0], idRange[1]);
  if (!idCell) {
    ctx.report(idRange[0], "error", "malformed-id", malformedIdMessage(source(idRange)));
    return null;
  }
  const firstLine = seen.get(idCell.id);
  if (firstLine !== undefined) {
    ctx.report(
      idCell.idSpan.start,
      "error",
      "duplicate-id",
      `Task ID ${idCell.id} is used twice: first at line ${firstLine}. Each task needs its own ID; this row is not read.`,
    );
    return null;
  }
  seen.set(idCell.id, line);

  const description = unescapePipes(source(descRange));
  if (descRange && description === "") {
    ctx.report(
      descRange[0],
      "error",
      "empty-description",
      `Task ${idCell.id} has an empty Description: it becomes the issue title.`,
    );
  }

  const statusRange = cellAt(cols.roles.status);
  let stateCell: [number, number] = idRange;
  let checkbox = idCell.checkbox;
  let done = idCell.checked;
  if (cols.roles.status !== undefined) {
    // The table has a Status column: it, not the ID cell, holds the state.
    // `required` covers the Status column, so a row that reaches here has the cell.
    stateCell = statusRange ?? stateCell;
    const state = parseStateCheckbox(text, stateCell[0], stateCell[1]);
    checkbox = state.checkbox;
    done = state.checked;
    const status = source(stateCell);
    if (!checkbox && status !== "") {
      ctx.report(
        stateCell[0],
        "warning",
        "status-without-checkbox",
        `Status of ${idCell.id} is "${status}" without a checkbox, so the task counts as open. Write "[x] ${status}" to mark it done or "[ ] ${status}" to keep it open.`,
      );
    }
    if (idCell.checkbox) {
      ctx.report(
        idCell.checkbox.start,
        "warning",
        "ignored-checkbox",
        `The checkbox in the Task ID cell of ${idCell.id} is ignored: this table has a Status column, and the checkbox there is the task's state.`,
      );
    }
  }

  const extra: Record<string, string> = {};
  for (const [i, name] of cols.extra) extra[name] = unescapePipes(source(cellAt(i)));

  return {
    id: idCell.id,
    area: areaOf(idCell.id, ctx.areas),
    description,
    acceptanceCriteria: splitCriteria(source(cellAt(cols.roles.criteria))),
    effort: unescapePipes(source(cellAt(cols.roles.effort))),
    done,
    headingPath: [...headingPath],
    extra,
    issueLink: idCell.issueLink
      ? { ...idCell.issueLink, span: ctx.span(idCell.issueLink.span.start, idCell.issueLink.span.end) }
      : null,
    line,
    row: ctx.span(rowStart, rowEnd),
    idSpan: ctx.span(idCell.idSpan.start, idCell.idSpan.end),
    stateCell: ctx.span(stateCell[0], stateCell[1]),
    checkbox: checkbox ? ctx.span(checkbox.start, checkbox.end) : null,
  };
}

function missingColumns(cols: Columns, count: number): string {
  const names: Record<ColumnRole, string> = {
    id: "Task ID",
    description: "Description",
    criteria: "Acceptance Criteria",
    effort: "Effort",
    status: "Status",
  };
  const missing = (Object.entries(cols.roles) as Array<[ColumnRole, number]>)
    .filter(([, i]) => i >= count)
    .sort((a, b) => a[1] - b[1])
    .map(([role]) => names[role]);
  return missing.length === 1
    ? `its ${missing[0] ?? ""} cell is`
    : `its ${missing.slice(0, -1).join(", ")} and ${missing.at(-1) ?? ""} cells are`;
}

function malformedIdMessage(raw: string): string {
  if (raw === "") return "Task ID cell is empty: every row of a task table needs an ID such as DATA1.";
  const withoutBox = raw.replace(/^\[[ xX]\]\s*/, "");
  if (withoutBox === "")
    return `Task ID cell holds only a checkbox ("${raw}"): add the task's ID after it, e.g. "${raw} DATA1".`;
  const first = /^\S+/.exec(withoutBox)?.[0] ?? "";
  if (isTaskId(first) && /^\S+\s+[([]/.test(withoutBox)) {
    return `Task ID cell "${raw}" has text after the ID ${first}: only the link to its issue, written "([#12](url))", may follow the ID. Move other text to the Description.`;
  }
  return `"${raw}" is not a valid task ID: an ID is one word (no spaces) that starts with a letter, then letters, digits, dots or dashes (e.g. DATA1, T1.1, P0-1.1), optionally after a checkbox "[ ]" / "[x]".`;
}
