import { columnRole } from "./header-name.js";

/**
 * Cheap check used to pick plans out of a push: does any line read like a
 * table header with a "Task ID" column? A header without its `|---|` line
 * still counts, so a plan with a broken table is parsed and its errors shown
 * rather than the file being passed over.
 */
export function looksLikePlan(text: string): boolean {
  if (!/task[\s*_`]*id/i.test(text)) return false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.includes("|") || !/task[\s*_`]*id/i.test(line)) continue;
    if (line.split(/(?<!\\)\|/).some((cell) => columnRole(cell) === "id")) return true;
  }
  return false;
}
