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
}

const MARKER_AND_BOX = /^(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\])/d;

/** A GFM task-list item (`- [ ] ...`); null for an ordinary list item. */
export function readChecklistItem(ctx: ParseContext, item: ListItem): RawChecklistItem | null {
  if (typeof item.checked !== "boolean" || !item.position) return null;
  const start = item.position.start.offset ?? 0;
  const m = MARKER_AND_BOX.exec(ctx.text.slice(start, lineEnd(ctx.text, start)));
  const box = m?.indices?.[1];
  if (!box) return null;
  const checkbox: [number, number] = [start + box[0], start + box[1]];
  const first = item.children[0];
  let text = "";
  let firstLine = "";
  if (first?.type === "paragraph" && first.position) {
    const from = first.position.start.offset ?? checkbox[1];
    const to = first.position.end.offset ?? from;
    // Continuation lines keep their indentation and, in a quote, the `>`; neither is part of the text.
    const lines = ctx.text
      .slice(from, to)
      .split(/\r\n|\r|\n/)
      .map((l, i) => (i === 0 ? l : l.replace(/^[\s>]*/, "")));
    text = lines.join(" ").trim();
    firstLine = (lines[0] ?? "").trim();
  }
  return { text, firstLine, checked: item.checked, line: item.position.start.line, checkbox };
}
