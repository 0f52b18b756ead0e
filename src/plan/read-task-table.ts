import type { Task } from "./types.js";
import type { ParseContext } from "./parse-context.js";
import type { Table, TableRow } from "mdast";
import {
  COLUMNS,
  columnRole,
  isStrongIdHeader,
  nearMissHeader,
  normalizeHeader,
  type ColumnRole,
} from "./header-name.js";
import { cellContent } from "./table-cells.js";
import { parseIdCell, parseStateCheckbox } from "./id-cell.js";
import { isPlaceholder } from "./placeholder.js";
import { splitCriteria } from "./split-criteria.js";
import { areaOf, isTaskId } from "./task-id.js";
import { unescapePipes } from "./cell-text.js";
import { defaultStatusText, mostCommon, readStatusWord, startsWithEmoji } from "./status-word.js";
import { sectionKey } from "./section-ids.js";

interface Columns {
  roles: Partial<Record<ColumnRole, number>>;
  /** Header text of every column that is not a known role (or repeats one). */
  extra: Map<number, string>;
  /** Cells a row needs to reach every known column. */
  required: number;
  /** Where the task's name comes from: the Title column when the table also has a Description, else whichever it has. */
  nameColumn: number | undefined;
  /** Every header cell's text, for messages. */
  names: string[];
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
  // A short Title next to a long Description: the title names the issue, the description goes to its body.
  const nameColumn = roles.title ?? roles.description;
  if (roles.title !== undefined && roles.description !== undefined) {
    const i = roles.description;
    const cell = header.children[i];
    extra.set(i, cell ? unescapePipes(ctx.text.slice(...cellContent(ctx.text, cell))) : "Description");
  }
  const required = Math.max(...Object.values(roles)) + 1;
  const names = header.children.map((cell) => unescapePipes(ctx.text.slice(...cellContent(ctx.text, cell))));
  return { roles, extra, required, nameColumn, names };
}

// Columns and headings that say a table lists something other than work: risks, requirements, decisions…
const NOT_TASK_COLUMN =
  /\b(risks?|requirements?|mitigations?|likelihood|probability|severity|decisions?|rationale|questions?|answers?|assumptions?|terms?|definitions?|metrics?|kpis?|stakeholders?|personas?|endpoints?|methods?)\b/i;
const NOT_TASK_HEADING =
  /\b(risks?|requirements?|decisions?|questions?|assumptions?|glossary|terminology|metrics?|kpis?|stakeholders?|test cases?|scenarios?|endpoints?|api|changelog|history|log|references?|personas?|user stories|success criteria|dependencies|appendix)\b/i;
const TASKISH_HEADING =
  /\b(tasks?|todos?|to-dos?|backlog|work ?items?|implementation|plan|phases?|milestones?|sprints?|steps?|roadmap|deliverables?|checklist|action items?|progress|tracker|tracking|status)\b/i;
const DATE_HEADER = /^(date|time|when|timestamp|updated|day|commit|sha)$/;

/**
 * True when the table holds tasks. A `Task ID` header (or `Task #`) always
 * does: the seed template's tables, and an error if the Description is
 * missing. A bare `ID`, `#` or `Key` names rows of many things (risks,
 * requirements, decisions), so such a table counts only with a name column,
 * nothing saying it lists something else, and a sign it lists work (a
 * Status, Effort or Acceptance Criteria column, a `Task`/`Objective` column,
 * or a heading such as "Tasks" or "Phase 2"). A log (`Date | Task ID |
 * Action`, IDs repeating) is never a task table.
 */
export function isTaskTable(ctx: ParseContext, table: Table, headingPath: readonly string[] = []): boolean {
  const header = table.children[0];
  if (!header) return false;
  const names = header.children.map((cell) => ctx.text.slice(...cellContent(ctx.text, cell)));
  const roles = names.map((n) => columnRole(n));
  const idColumn = roles.indexOf("id");
  if (idColumn === -1) return isIdlessTaskTable(names, roles, headingPath);
  const hasName = roles.includes("title") || roles.includes("description");
  if (isLogTable(ctx, table)) return false;
  if (isStrongIdHeader(names[idColumn] ?? "")) return hasName || !idsRepeat(ctx, table, idColumn);
  if (!hasName) return false;
  if (names.some((n, i) => roles[i] === null && NOT_TASK_COLUMN.test(n))) return false;
  const nearest = headingPath.at(-1) ?? "";
  if (NOT_TASK_HEADING.test(nearest) && !TASKISH_HEADING.test(nearest)) return false;
  const workColumns = roles.some((r) => r === "status" || r === "effort" || r === "criteria");
  const taskColumn = names.some((n, i) => roles[i] === "title" && /^(task|objective)/.test(normalizeHeader(n)));
  return (
    workColumns ||
    taskColumn ||
    headingPath.some((h) => TASKISH_HEADING.test(h)) ||
    // A row plan-sync already linked to its issue was synced as a task: reading it as anything else would close that issue.
    table.children.slice(1).some((row) => {
      const cell = row.children[idColumn];
      return !!cell && !!parseIdCell(ctx.text, ...cellContent(ctx.text, cell), true)?.issueLink;
    })
  );
}

/**
 * A task table without an ID column (`Task | Description | Status`): a name
 * column and a Status column, nothing saying it lists something else, and a
 * sign it lists work — the name column is called `Task` (or `Todo`, `Step`,
 * `Action item`, `Deliverable`), or a heading above says "Tasks", "Phase 2",
 * "Roadmap"… A feature matrix (`Feature | Status`) or a table of services is
 * not tasks. Its tasks' IDs are made from their names (derived-id.ts).
 */
function isIdlessTaskTable(
  names: readonly string[],
  roles: ReadonlyArray<ColumnRole | null>,
  headingPath: readonly string[],
): boolean {
  if (!roles.includes("status")) return false;
  if (!roles.includes("title") && !roles.includes("description")) return false;
  if (names.some((n, i) => roles[i] === null && NOT_TASK_COLUMN.test(n))) return false;
  const nearest = headingPath.at(-1) ?? "";
  if (NOT_TASK_HEADING.test(nearest) && !TASKISH_HEADING.test(nearest)) return false;
  const taskColumn = names.some(
    (n, i) => roles[i] === "title" && /^(task|todo|step|action|deliverable|workitem)/.test(normalizeHeader(n)),
  );
  return taskColumn || headingPath.some((h) => TASKISH_HEADING.test(h));
}

/** A log or history of work (`Date | Task ID | Action`): a date column, and no task names or the same ID on several rows. */
export function isLogTable(ctx: ParseContext, table: Table): boolean {
  const header = table.children[0];
  if (!header) return false;
  const names = header.children.map((cell) => ctx.text.slice(...cellContent(ctx.text, cell)));
  if (!names.some((n) => DATE_HEADER.test(normalizeHeader(n)))) return false;
  const roles = names.map((n) => columnRole(n));
  const idColumn = roles.indexOf("id");
  const idLike = idColumn !== -1 ? idColumn : names.findIndex((n) => /\bid\b/i.test(n));
  if (idLike === -1) return false;
  const hasName = roles.includes("title") || roles.includes("description");
  return !hasName || idsRepeat(ctx, table, idLike);
}

function idsRepeat(ctx: ParseContext, table: Table, column: number): boolean {
  const seen = new Set<string>();
  for (const row of table.children.slice(1)) {
    const cell = row.children[column];
    if (!cell) continue;
    const id = ctx.text.slice(...cellContent(ctx.text, cell));
    if (id === "") continue;
    if (seen.has(id)) return true;
    seen.add(id);
  }
  return false;
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
  if (cols.nameColumn === undefined) {
    const names = header.children.map((c) => ctx.text.slice(...cellContent(ctx.text, c))).join(", ");
    ctx.report(
      headerStart,
      "error",
      "missing-description-column",
      `Task table has no Description column (its columns: ${names}). Every task needs a description: it becomes the issue title.`,
    );
  }
  for (const [i, name] of cols.extra) {
    const meant = nearMissHeader(name);
    const cell = header.children[i];
    if (meant && cell)
      ctx.report(
        cellContent(ctx.text, cell)[0],
        "warning",
        "unknown-column",
        `Column "${name}" is not a column plan-sync knows, so it is shown as an extra field: did you mean "${meant}"?`,
      );
  }
  const state: TableState = { unknownStatus: [], doneWords: [], openWords: [], checkboxes: 0 };
  const tasks: Task[] = [];
  for (const row of rows) {
    const task = readRow(ctx, row, cols, header.children.length, headingPath, seen, state);
    if (task) tasks.push(task);
  }
  finishStatusWords(ctx, tasks, state);
  return tasks;
}

interface TableState {
  /** Status cells no word list knows: warned about once for the whole table. */
  unknownStatus: Array<{ offset: number; text: string }>;
  /** Status texts as written in this table, done and open: the dialect write-back speaks. */
  doneWords: string[];
  openWords: string[];
  /** Status cells holding a checkbox: a table that has any speaks checkboxes, and write-back adds `[x]` as it always has. */
  checkboxes: number;
}

function finishStatusWords(ctx: ParseContext, tasks: Task[], state: TableState): void {
  const first = state.unknownStatus[0];
  if (first) {
    const words = [...new Set(state.unknownStatus.map((u) => `"${u.text}"`))];
    const listed = words.slice(0, 5).join(", ") + (words.length > 5 ? ", …" : "");
    ctx.report(
      first.offset,
      "warning",
      "unknown-status",
      `Status ${listed} ${words.length === 1 ? "is not a word" : "are not words"} plan-sync knows (${state.unknownStatus.length} row${state.unknownStatus.length === 1 ? "" : "s"} of this table), so ${state.unknownStatus.length === 1 ? "that task counts" : "those tasks count"} as open. Done reads as ✅, Done, Complete, Closed, Merged or Shipped; open as ⬜, Todo, Pending, In progress, WIP or Blocked; or write a checkbox "[x]".`,
    );
  }
  if (state.checkboxes > 0 || (state.doneWords.length === 0 && state.openWords.length === 0)) return;
  const emoji = [...state.doneWords, ...state.openWords].some(startsWithEmoji);
  const words = {
    done: mostCommon(state.doneWords) ?? defaultStatusText(true, emoji),
    open: mostCommon(state.openWords) ?? defaultStatusText(false, emoji),
  };
  for (const task of tasks) if (!task.checkbox) task.stateWords = words;
}

function readRow(
  ctx: ParseContext,
  row: TableRow,
  cols: Columns,
  headerCells: number,
  headingPath: string[],
  seen: Map<string, number>,
  state: TableState,
): Task | null {
  const text = ctx.text;
  const rowStart = row.position?.start.offset ?? 0;
  const rowEnd = row.position?.end.offset ?? rowStart;
  const line = row.position?.start.line ?? ctx.lines.position(rowStart).line;
  let cells = row.children.map((c) => cellContent(text, c));
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
  if (count > headerCells && cells.slice(headerCells).some(([s, e]) => e > s)) {
    // A bare "|" in a cell's prose splits it: rejoin it where only one column can have held it.
    const reading = readSurplusCells(text, cells, cols, headerCells);
    if (!reading) {
      ctx.report(
        rowStart,
        "error",
        "unescaped-pipe",
        `Row has ${count} cells but the table header has ${headerCells}: a "|" inside a cell's text splits the cell, and it is not clear which cell it belongs to. Write it as "\\|" (e.g. "A \\| B"). The row is not read.`,
      );
      return null;
    }
    cells = reading.cells;
    if (reading.column === null) {
      ctx.report(
        rowStart,
        "warning",
        "cell-count",
        `Row has ${count} cells but the table header has ${headerCells}; the extra cells are ignored. A "|" inside a cell must be written as "\\|".`,
      );
    } else {
      const header = cols.names[reading.column] ?? `column ${reading.column + 1}`;
      ctx.report(
        rowStart,
        "warning",
        "unescaped-pipe",
        `Row has ${count} cells but the table header has ${headerCells}: read the "|" as part of the ${header} cell ("${text.slice(...(cells[reading.column] as [number, number]))}"). Write it as "\\|" to say so.`,
      );
    }
  } else if (count < headerCells) {
    ctx.report(
      rowStart,
      "warning",
      "cell-count",
      `Row has ${count} cells but the table header has ${headerCells}; the missing cells are read as empty.`,
    );
  }

  const cellAt = (i: number | undefined): [number, number] | null => (i === undefined ? null : (cells[i] ?? null));
  const source = (r: [number, number] | null): string => (r ? text.slice(r[0], r[1]) : "");
  const derived = cols.roles.id === undefined;
  let descRange = cellAt(cols.nameColumn);
  if (derived && descRange) descRange = withoutLink(text, descRange);
  const idRange = derived ? descRange : cellAt(cols.roles.id);
  if (!idRange) return null;
  // A table without an ID column: a row without a name is not a task (a spacer or a sub-total row).
  if (derived && descRange && descRange[0] === descRange[1]) return null;

  for (const r of derived ? [descRange] : [idRange, descRange]) {
    if (r && isPlaceholder(source(r))) {
      // A row that already links to its issue was synced before: skipping it
      // would read as a removed task and close that issue, so it blocks the sync.
      const linked = r === descRange ? parseIdCell(text, idRange[0], idRange[1], true) : null;
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

  const idCell = derived ? derivedIdCell(ctx, text, idRange) : parseIdCell(text, idRange[0], idRange[1], true);
  if (!idCell) {
    ctx.report(idRange[0], "error", "malformed-id", malformedIdMessage(source(idRange)));
    return null;
  }
  // Numbers restarting in each section (1, 2 under Phase 1; 1, 2 under Phase 2) are not duplicates: see section-ids.ts.
  const key = sectionKey(idCell.id, headingPath);
  const firstLine = seen.get(key);
  if (firstLine !== undefined) {
    ctx.report(
      idCell.idSpan.start,
      "error",
      "duplicate-id",
      `Task ID ${idCell.id} is used twice: first at line ${firstLine}. Each task needs its own ID; this row is not read.`,
    );
    return null;
  }
  seen.set(key, line);

  // `~~Drop the legacy importer~~`: struck through, which reads as done unless a checkbox or a status says otherwise.
  const struckName = descRange ? struck(source(descRange)) : null;
  const struckRow = struckName !== null || /^(?:\[[ xX]\][ \t]+)?~~/.test(source(idRange));
  const description = unescapePipes(struckName ?? source(descRange));
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
    const box = parseStateCheckbox(text, stateCell[0], stateCell[1]);
    checkbox = box.checkbox;
    done = box.checked;
    if (checkbox) state.checkboxes++;
    const status = source(stateCell);
    if (!checkbox && status !== "") {
      const word = readStatusWord(status);
      if (word) {
        done = word.done;
        (done ? state.doneWords : state.openWords).push(status.slice(0, word.length));
      } else state.unknownStatus.push({ offset: stateCell[0], text: status });
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

  if (struckRow && !checkbox && (statusRange === null || source(statusRange) === "")) done = true;

  const extra: Record<string, string> = {};
  for (const [i, name] of cols.extra) extra[name] = unescapePipes(source(cellAt(i)));
  const dependsOn =
    cols.roles.dependsOn === undefined ? undefined : readDependsOn(ctx, idCell.id, cellAt(cols.roles.dependsOn));

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
    ...(idCell.linkAt !== idCell.idSpan.end ? { linkAt: ctx.span(idCell.linkAt, idCell.linkAt).start } : {}),
    stateCell: ctx.span(stateCell[0], stateCell[1]),
    checkbox: checkbox ? ctx.span(checkbox.start, checkbox.end) : null,
    ...(dependsOn ? { dependsOn } : {}),
    source: "table",
    ...(derived ? { idFrom: "derived" as const, area: "" } : {}),
  };
}

/** Words a `Depends on` cell may hold that name no task. */
const NO_DEPENDENCY = /^(?:-|—|–|none|n\/a|na|and)$/i;

/**
 * The task IDs of a `Depends on` cell (`DATA1, GAIN2`, `[DATA1](#data1) and
 * **EDH3**`), each recorded where it is written so an unknown one or a cycle is
 * reported at the ID itself once every task is known (checkDependencies).
 */
function readDependsOn(ctx: ParseContext, task: string, cell: [number, number] | null): string[] {
  if (!cell) return [];
  const ids: string[] = [];
  const cellText = ctx.text.slice(cell[0], cell[1]);
  // Link targets are not IDs: `[DATA1](#data1)` names DATA1 once.
  const masked = cellText.replace(/\]\([^)]*\)/g, (m) => " ".repeat(m.length));
  for (const m of masked.matchAll(/[^\s,;*_`[\]()]+/g)) {
    const token = m[0];
    if (NO_DEPENDENCY.test(token)) continue;
    ctx.dependencyRefs.push({ task, id: token, offset: cell[0] + (m.index ?? 0) });
    if (!ids.includes(token)) ids.push(token);
  }
  return ids;
}

const TRAILING_LINK = /[ \t]+\(\[#[1-9]\d*\]\([^()\s]+\)\)$/;

/** The name cell without the issue link plan-sync writes at its end in a table without IDs. */
function withoutLink(text: string, range: [number, number]): [number, number] {
  const m = TRAILING_LINK.exec(text.slice(range[0], range[1]));
  return m ? [range[0], range[0] + m.index] : range;
}

/**
 * A task in a table without an ID column: its ID is made from its name, and
 * the link to its issue goes at the end of the name cell (`Set up CI ([#12](url))`).
 */
function derivedIdCell(ctx: ParseContext, text: string, name: [number, number]): ReturnType<typeof parseIdCell> {
  const cellEnd = (() => {
    // The name range stops before the link; the link itself runs to the cell's end.
    const after = text.slice(name[1]);
    const m = /^[ \t]+(\(\[#([1-9]\d*)\]\(([^()\s]+)\)\))/.exec(after);
    return m
      ? {
          start: name[1] + m[0].length - (m[1] ?? "").length,
          end: name[1] + m[0].length,
          number: Number(m[2]),
          url: m[3] ?? "",
        }
      : null;
  })();
  const id = ctx.derivedIds.next(unescapePipes(struck(text.slice(name[0], name[1])) ?? text.slice(name[0], name[1])));
  return {
    checkbox: null,
    checked: false,
    id,
    idSpan: { start: name[1], end: name[1] },
    linkAt: name[1],
    issueLink: cellEnd
      ? { number: cellEnd.number, url: cellEnd.url, span: { start: cellEnd.start, end: cellEnd.end } }
      : null,
  };
}

/** The text inside `~~…~~` when the whole cell is struck through, else null. */
function struck(cell: string): string | null {
  const m = /^~~(?!~)([\s\S]*?[^~])~~$/.exec(cell);
  return m?.[1] !== undefined && !m[1].includes("~~") ? m[1].trim() : null;
}

const EFFORT_VALUE =
  /^(?:~?\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|pts?|points?|sp|m|mins?)?|xs|s|m|l|xl|xxl|small|medium|large|tbd|\?|-|—|–)$/i;

/**
 * How to read a row with more cells than its header. Each free-text column
 * (Description, Criteria, an extra column) may have held a bare pipe; or the
 * surplus cells may just be stray cells after the last column. A reading
 * counts when every typed column still holds its kind of value (an ID in the
 * ID column, a status in Status, an effort in Effort); only a row with exactly
 * one such reading is read. `column`: the rejoined column, null for "surplus ignored".
 */
function readSurplusCells(
  text: string,
  cells: Array<[number, number]>,
  cols: Columns,
  headerCells: number,
): { cells: Array<[number, number]>; column: number | null } | null {
  const surplus = cells.length - headerCells;
  const roleAt = new Map<number, ColumnRole>();
  for (const [role, i] of Object.entries(cols.roles) as Array<[ColumnRole, number]>) roleAt.set(i, role);
  const fits = (role: ColumnRole | undefined, cell: [number, number]): boolean => {
    const value = text.slice(cell[0], cell[1]);
    if (role === "id") return parseIdCell(text, cell[0], cell[1], true) !== null;
    if (role === "status") return value === "" || /^\[[ xX]\]/.test(value) || readStatusWord(value) !== null;
    if (role === "effort") return value === "" || EFFORT_VALUE.test(value);
    return true;
  };
  const valid = (candidate: Array<[number, number]>): boolean =>
    candidate.every((cell, i) => fits(roleAt.get(i), cell));
  const found: Array<{ cells: Array<[number, number]>; column: number | null }> = [];
  const truncated = cells.slice(0, headerCells);
  if (valid(truncated)) found.push({ cells: truncated, column: null });
  for (let column = 0; column < headerCells; column++) {
    const role = roleAt.get(column);
    if (role === "id" || role === "status" || role === "effort") continue;
    const joined: [number, number] = [
      (cells[column] as [number, number])[0],
      (cells[column + surplus] as [number, number])[1],
    ];
    const candidate = [...cells.slice(0, column), joined, ...cells.slice(column + surplus + 1)];
    if (valid(candidate)) found.push({ cells: candidate, column });
  }
  return found.length === 1 ? (found[0] ?? null) : null;
}

function missingColumns(cols: Columns, count: number): string {
  const missing = (Object.entries(cols.roles) as Array<[ColumnRole, number]>)
    .filter(([, i]) => i >= count)
    .sort((a, b) => a[1] - b[1])
    .map(([role]) => COLUMNS[role].label);
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
  return `"${raw}" is not a valid task ID: an ID is one word (no spaces) that starts with a letter, then letters, digits, dots or dashes (e.g. DATA1, T1.1, P0-1.1), or a number such as 3 or 2.1, optionally bold, code or a link, after an optional checkbox "[ ]" / "[x]".`;
}
