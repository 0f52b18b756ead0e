import type { TableCell } from "mdast";

/**
 * The trimmed content of a cell as [start, end) source offsets. mdast puts the
 * leading pipe (and, on the last cell, the trailing pipe) inside the cell's
 * position, so they are cut here; an escaped `\|` is content and stays.
 * An empty cell yields an empty range one space after its pipe, where a
 * writer would naturally insert text.
 */
export function cellContent(text: string, cell: TableCell): [number, number] {
  let start = cell.position?.start.offset ?? 0;
  let end = cell.position?.end.offset ?? start;
  if (text.charAt(start) === "|") start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  if (end > start && text.charAt(end - 1) === "|" && text.charAt(end - 2) !== "\\") end--;
  const open = start;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  if (start === end) {
    const at = text.charAt(open) === " " ? open + 1 : open;
    return [at, at];
  }
  return [start, end];
}
