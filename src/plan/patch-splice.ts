/** One replacement of `text.slice(start, end)`; start === end inserts. Offsets refer to the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits, all given as offsets into the original text.
 * Equivalent to splicing from the end backwards, but built in one pass so a
 * sync that ticks every row of a 2,000-row plan does not copy the text 2,000 times.
 * Overlapping edits mean two edits fight over the same bytes: a bug upstream, so throw.
 */
export function spliceEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(
        `overlapping or out-of-range edit [${edit.start}, ${edit.end}) in a text of length ${text.length}`,
      );
    }
    parts.push(text.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}
