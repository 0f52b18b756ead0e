import type { ListItem } from "mdast";
import type { ParseContext } from "./parse-context.js";
import { lineEnd } from "./source-lines.js";

export interface RawChecklistItem {
  text: string;
  /** The item's first line after the checkbox: what tracking is decided on. */
  firstLine: string;
  checked: boolean;
  line: number;
  /** Offsets of `[ ]` in the parser's text (not yet shifted for a BOM). */
  checkbox: [number, number];
  /**
   * A box GFM does not read as a checkbox (`[-]`, `[~]`, `[/]`: in progress,
   * open; Kiro's optional `[ ]*`): only ever a task, never a checklist item of its own.
   */
  pseudo: boolean;
  /** End of the item's first line, in the parser's text. */
  firstLineEnd: number;
  /** The list item itself, for its nested details. */
  node: ListItem;
  /** Headings above the item, outermost first. */
  headingPath: string[];
  /** Inside another checklist item: its details, never a task of a checklist without IDs. */
  nested?: boolean;
}

const MARKER_AND_BOX = /^(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\])/d;
// `[-]` / `[~]` / `[/]` (in progress) and Kiro's optional `[ ]*`, which GFM reads as text.
const MARKER_AND_PSEUDO_BOX = /^(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[-~/>!? xX]\])\*?[ \t]/d;

/** A GFM task-list item (`- [ ] ...`), or one with an in-progress box (`- [-] ...`); null for an ordinary list item. */
export function readChecklistItem(ctx: ParseContext, item: ListItem, headingPath: string[]): RawChecklistItem | null {
  if (!item.position) return null;
  const start = item.position.start.offset ?? 0;
  const end = lineEnd(ctx.text, start);
  const gfm = typeof item.checked === "boolean";
  const m = (gfm ? MARKER_AND_BOX : MARKER_AND_PSEUDO_BOX).exec(ctx.text.slice(start, end));
  const box = m?.indices?.[1];
  if (!box) return null;
  const checkbox: [number, number] = [start + box[0], start + box[1]];
  const first = item.children[0];
  let text = "";
  let firstLine = "";
  if (first?.type === "paragraph" && first.position) {
    // Never before the box's end: remark-gfm moves the paragraph's start past `[ ] ` only when the item's text begins
    // with plain text; before `**bold**` or `` `code` `` it still starts at the box, which would become the text's start.
    const from = Math.max(first.position.start.offset ?? checkbox[1], checkbox[1]);
    const to = first.position.end.offset ?? from;
    // Continuation lines keep their indentation and, in a quote, the `>`; neither is part of the text.
    const lines = ctx.text
      .slice(from, to)
      .split(/\r\n|\r|\n/)
      .map((l, i) => (i === 0 ? l : l.replace(/^[\s>]*/, "")));
    text = lines.join(" ").trim();
    firstLine = (lines[0] ?? "").trim();
  }
  return {
    text,
    firstLine,
    checked: gfm ? item.checked === true : /[xX]/.test(ctx.text.charAt(checkbox[0] + 1)),
    line: item.position.start.line,
    checkbox,
    pseudo: !gfm,
    firstLineEnd: end,
    node: item,
    headingPath,
  };
}
