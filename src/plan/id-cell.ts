import type { IssueLink, Span } from "./types.js";
import { isTaskId } from "./task-id.js";

export interface IdCell {
  /** `[ ]` / `[x]` / `[X]` at the start of the cell, if any. */
  checkbox: Span | null;
  checked: boolean;
  id: string;
  idSpan: Span;
  issueLink: IssueLink | null;
}

/**
 * The Task ID cell as plan-sync writes it back: `[x] DATA1 ([#12](url))` —
 * optional checkbox, the ID, optional link to the issue. Reading must accept
 * exactly what write-back produces, so the link form is strict.
 */
const ID_CELL = /^(?:(\[[ xX]\])[ \t]+)?(\S+?)(?:[ \t]+(\(\[#([1-9]\d*)\]\(([^()\s]+)\)\)))?$/d;

/** Parses the trimmed content `text.slice(start, end)`; null when it is not a well-formed ID cell. */
export function parseIdCell(text: string, start: number, end: number): IdCell | null {
  const m = ID_CELL.exec(text.slice(start, end));
  const idx = m?.indices;
  if (!m || !idx) return null;
  const id = m[2] ?? "";
  const idRange = idx[2];
  if (!isTaskId(id) || !idRange) return null;
  const boxRange = idx[1];
  const linkRange = idx[3];
  return {
    checkbox: boxRange ? { start: start + boxRange[0], end: start + boxRange[1] } : null,
    checked: m[1] !== undefined && m[1] !== "[ ]",
    id,
    idSpan: { start: start + idRange[0], end: start + idRange[1] },
    issueLink:
      linkRange && m[4] && m[5]
        ? { number: Number(m[4]), url: m[5], span: { start: start + linkRange[0], end: start + linkRange[1] } }
        : null,
  };
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
