import type { ParseContext } from "./parse-context.js";
import { lineEnd } from "./source-lines.js";
import { parseIdCell, type IdCell } from "./id-cell.js";

/** A range of the source the Markdown parser accounted for: a table, a code block, an HTML block. */
export interface SourceBlock {
  start: number;
  end: number;
  /** A table with a Task ID column: rows broken off it are the likeliest orphans. */
  taskTable: boolean;
}

const JOIN_HINT =
  'Join it to its table: remove the blank line or text above it, or add the header row "| Task ID | Description | Acceptance Criteria | Effort |" and "|---|---|---|---|".';

/**
 * Reports lines that look like task rows (`| DATA3 | ...`, `| [x] TASK | ...`,
 * `DATA3 | ...` — GFM rows may omit the leading pipe) but belong to no table:
 * a table broken by a blank line or a stray paragraph, or rows pasted without
 * a header. Such a row is invisible to the parser, and a task that silently
 * disappears would later read as removed. `blocks` holds ranges already
 * accounted for, sorted by start and not nested.
 */
export function findOrphanRows(ctx: ParseContext, blocks: readonly SourceBlock[]): void {
  const text = ctx.text;
  let k = 0;
  // Inside a run of blank lines and row-like lines that starts at a task table's last row.
  let afterTaskTable = false;
  for (const start of ctx.lines.starts) {
    const end = lineEnd(text, start);
    while (k < blocks.length && (blocks[k]?.end ?? 0) <= start) k++;
    const block = blocks[k];
    if (block && block.start < end) {
      afterTaskTable = block.taskTable;
      continue;
    }
    const row = readRowStart(text, start, end);
    if (!row) {
      if (!isBlank(text, start, end)) afterTaskTable = false;
      continue;
    }
    const cell = row.cell;
    // Without a leading pipe, only an ID-like first cell makes a line row-like; "a | b" in prose is just text.
    if (!row.leadingPipe && !cell) {
      afterTaskTable = false;
      continue;
    }
    if (!cell) continue;
    const strong = /\d/.test(cell.id) || !!cell.checkbox || !!cell.issueLink;
    // A bare word ("| Component | Test Files |") is far more often prose than a task, unless it sits right where a task table was broken off.
    if (!strong && !afterTaskTable) continue;
    ctx.report(
      row.at,
      "error",
      "orphan-row",
      `This line looks like the row of task ${cell.id} but is not part of a task table, so the task would not be read (and would count as removed). ${JOIN_HINT}${
        strong ? "" : " If it is not a task, put a line of text between it and the table above."
      }`,
    );
  }
}

interface RowStart {
  /** Where to point the diagnostic: the leading pipe, or the first character of the line's text. */
  at: number;
  leadingPipe: boolean;
  /** The first cell read as a Task ID cell; null when it is not one. */
  cell: IdCell | null;
}

/** The first cell of a line that could be a table row: it starts with `|`, or has an unescaped `|` after some text. */
function readRowStart(text: string, start: number, end: number): RowStart | null {
  let at = start;
  while (at < end && (text.charAt(at) === " " || text.charAt(at) === "\t")) at++;
  if (at === end) return null;
  const leadingPipe = text.charAt(at) === "|";
  const from = leadingPipe ? at + 1 : at;
  const cellEnd = firstUnescapedPipe(text, from, end);
  if (!leadingPipe && cellEnd === end) return null;
  let a = from;
  let b = cellEnd;
  while (a < b && /\s/.test(text.charAt(a))) a++;
  while (b > a && /\s/.test(text.charAt(b - 1))) b--;
  return { at, leadingPipe, cell: parseIdCell(text, a, b) };
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!/\s/.test(text.charAt(i))) return false;
  return true;
}

function firstUnescapedPipe(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === "|") return i;
  }
  return end;
}
