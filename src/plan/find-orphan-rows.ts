import type { ParseContext } from "./parse-context.js";
import { lineEnd } from "./source-lines.js";
import { parseIdCell } from "./id-cell.js";

/**
 * Reports lines that look like task rows (`| DATA3 | ...`, `| [x] TASK | ...`)
 * but belong to no table: a table broken by a blank line or a stray
 * paragraph, or rows pasted without a header. Such a row is invisible to the
 * parser, and a task that silently disappears would later read as removed.
 * `skip` holds [start, end) ranges already accounted for — tables, code, HTML
 * — sorted by start.
 */
export function findOrphanRows(ctx: ParseContext, skip: Array<[number, number]>): void {
  const text = ctx.text;
  let k = 0;
  for (const start of ctx.lines.starts) {
    const end = lineEnd(text, start);
    const lead = /^[ \t]*\|/.exec(text.slice(start, Math.min(end, start + 64)));
    if (!lead) continue;
    const pipe = start + lead[0].length - 1;
    while (k < skip.length && (skip[k]?.[1] ?? 0) <= pipe) k++;
    const range = skip[k];
    if (range && range[0] <= pipe) continue;
    const cellEnd = firstUnescapedPipe(text, pipe + 1, end);
    let a = pipe + 1;
    let b = cellEnd;
    while (a < b && /\s/.test(text.charAt(a))) a++;
    while (b > a && /\s/.test(text.charAt(b - 1))) b--;
    const cell = parseIdCell(text, a, b);
    // A bare word ("| Component | Test Files |") is far more often prose than a task; a digit, checkbox or link says task.
    if (!cell || !(/\d/.test(cell.id) || cell.checkbox || cell.issueLink)) continue;
    ctx.report(
      pipe,
      "error",
      "orphan-row",
      `This line looks like the row of task ${cell.id} but is not part of a task table, so the task would not be read (and would count as removed). Join it to its table: remove the blank line or text above it, or add the header row "| Task ID | Description | Acceptance Criteria | Effort |" and "|---|---|---|---|".`,
    );
  }
}

function firstUnescapedPipe(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === "|") return i;
  }
  return end;
}
