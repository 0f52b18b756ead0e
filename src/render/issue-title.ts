import type { Task } from "../plan/types.js";
import { plainText } from "./issue-plain-text.js";

/**
 * `DATA1: <description as plain text>`, at most `maxLength` characters
 * (counted in code points so an emoji is never cut in half), trimmed on a word
 * boundary with an ellipsis. The `ID:` prefix is what re-adoption looks for
 * when a marker has been deleted, so it is always there.
 */
export function renderIssueTitle(task: Pick<Task, "id" | "description">, maxLength: number): string {
  const text = plainText(task.description) || "(no description)";
  const full = Array.from(`${task.id}: ${text}`);
  if (full.length <= maxLength) return full.join("");
  const cut = full.slice(0, maxLength - 1).join("");
  const space = cut.lastIndexOf(" ");
  const keep = space > task.id.length + 1 ? cut.slice(0, space) : cut;
  return `${keep.trimEnd()}…`;
}
