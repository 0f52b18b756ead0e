/**
 * Maps offsets to 1-based line/column the way micromark counts them, so a
 * diagnostic computed from a source slice points where remark's positions do:
 * `\r\n`, `\r` and `\n` all end a line.
 */
export interface LineIndex {
  position(offset: number): { line: number; column: number };
  /** Offsets where each line starts; index 0 is line 1. */
  readonly starts: readonly number[];
}

export function indexLines(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return {
    starts,
    position(offset) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
    },
  };
}

/** End of the line that starts at `start`, excluding its line ending. */
export function lineEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}
