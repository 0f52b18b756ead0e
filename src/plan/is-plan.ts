import { columnRole } from "./header-name.js";

/**
 * Cheap check used to pick plans out of a push: does any line read like a
 * table header with a "Task ID" column? A header without its `|---|` line
 * still counts, so a plan with a broken table is parsed and its errors shown
 * rather than the file being passed over.
 */
export function looksLikePlan(raw: string): boolean {
  // UTF-16 saved without a byte-order mark reads as ASCII with a NUL between
  // letters: still a plan, so the parse can say it is not UTF-8 rather than the file being passed over.
  const text = raw.includes("\0") ? raw.replaceAll("\0", "") : raw;
  if (!/task[\s*_`]*id/i.test(text)) return false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.includes("|") || !/task[\s*_`]*id/i.test(line)) continue;
    if (line.split(/(?<!\\)\|/).some((cell) => columnRole(cell) === "id")) return true;
  }
  return false;
}
