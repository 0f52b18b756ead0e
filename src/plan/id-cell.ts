import type { IssueLink, Span } from "./types.js";
import { isTaskId } from "./task-id.js";

export interface IdCell {
  /** `[ ]` / `[x]` / `[X]` at the start of the cell, if any. */
  checkbox: Span | null;
  checked: boolean;
  id: string;
  idSpan: Span;
  /** Where write-back inserts the issue link: after the ID's formatting (`**T-12**`, `[T-12](t.md)`). */
  linkAt: number;
  issueLink: IssueLink | null;
}

const CHECKBOX = /^(\[[ xX]\])[ \t]+/;
/** The link plan-sync writes after the ID: strict, so reading accepts exactly what write-back produces. */
const ISSUE_LINK = /[ \t]+(\(\[#([1-9]\d*)\]\(([^()\s]+)\)\))$/;

/**
 * The Task ID cell as people write it and as plan-sync writes it back:
 * `[x] DATA1 ([#12](url))` — optional checkbox, the ID, optional link to the
 * issue — where the ID may be bold (`**T-12**`), code (`` `T-12` ``) or a
 * link to the task's own file (`[T-12](tasks/t-12.md)`), and, when
 * `allowNumeric` (a column named as an ID column), a number such as `3` or `2.1`.
 * Parses the trimmed content `text.slice(start, end)`; null when it is not an ID cell.
 */
export function parseIdCell(text: string, start: number, end: number, allowNumeric = false): IdCell | null {
  let from = start;
  let to = end;
  let checkbox: Span | null = null;
  let checked = false;
  const box = CHECKBOX.exec(text.slice(from, to));
  if (box) {
    checkbox = { start: from, end: from + 3 };
    checked = box[1] !== "[ ]";
    from += box[0].length;
  }
  let issueLink: IssueLink | null = null;
  const link = ISSUE_LINK.exec(text.slice(from, to));
  if (link?.[1] && link[2] && link[3]) {
    const linkStart = to - link[1].length;
    issueLink = { number: Number(link[2]), url: link[3], span: { start: linkStart, end: to } };
    to = from + link.index;
  }
  const inner = unwrapId(text, from, to);
  if (!inner) return null;
  const id = text.slice(inner[0], inner[1]);
  if (!isTaskId(id, allowNumeric)) return null;
  return { checkbox, checked, id, idSpan: { start: inner[0], end: inner[1] }, linkAt: to, issueLink };
}

/**
 * The ID inside its formatting: `**X**`, `__X__`, `` `X` ``, `[X](path)`, and
 * those nested one in another (`**[X](path)**`). Null when the range is not
 * one formatted token (spaces inside, or a link to an issue `[#12](…)`).
 */
export function unwrapId(text: string, start: number, end: number): [number, number] | null {
  let a = start;
  let b = end;
  for (let depth = 0; depth < 3; depth++) {
    const s = text.slice(a, b);
    // `~~T-5~~`: a struck-through task (read as done when nothing else gives its state).
    if (s.length > 4 && (s.startsWith("**") || s.startsWith("__") || s.startsWith("~~")) && s.endsWith(s.slice(0, 2))) {
      a += 2;
      b -= 2;
      continue;
    }
    if (s.length > 2 && s.startsWith("`") && s.endsWith("`") && !s.slice(1, -1).includes("`")) {
      a += 1;
      b -= 1;
      continue;
    }
    const m = /^\[([^[\]\s]+)\]\([^()\s]+\)$/.exec(s);
    if (m?.[1]) {
      b = a + 1 + m[1].length;
      a += 1;
      continue;
    }
    break;
  }
  if (a >= b || /\s/.test(text.slice(a, b))) return null;
  return [a, b];
}

/** A checkbox opening a Status cell: `[x]`, `[x] Done`, `[ ] in progress`. */
export function parseStateCheckbox(
  text: string,
  start: number,
  end: number,
): { checkbox: Span | null; checked: boolean } {
  const m = /^\[([ xX])\](?=\s|$)/.exec(text.slice(start, end));
  if (!m) return { checkbox: null, checked: false };
  return { checkbox: { start, end: start + 3 }, checked: m[1] !== " " };
}
